import type { Kysely } from 'kysely';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { findVisibleStudySite } from '../study-sites/study-site.repo.js';
import { findVisibleDocument } from './document.repo.js';

// History readers (documents.module.ts): a record's history is visible to whoever sees the record.

export async function canReadDocumentHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  return Boolean(await findVisibleDocument(db, ctx, id));
}

export async function canReadDocumentVersionHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const version = await db.selectFrom('document_versions').select('document_id').where('id', '=', id).executeTakeFirst();
  return Boolean(version && (await findVisibleDocument(db, ctx, version.document_id)));
}

/** A removed rule leaves no row to scope it by; its history stays with the platform admins. */
export async function canReadDocumentRuleHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const rule = await db.selectFrom('document_rules').select('study_id').where('id', '=', id).executeTakeFirst();
  return rule ? Boolean(await findVisibleStudy(db, ctx, rule.study_id)) : can(ctx.actor, 'user.read', { organizationIds: [] });
}

export async function canReadDocumentWaiverHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const waiver = await db.selectFrom('document_waivers').select(['study_id', 'site_id']).where('id', '=', id).executeTakeFirst();
  if (!waiver) return false;
  const studySite = await db
    .selectFrom('study_sites')
    .select('id')
    .where('study_id', '=', waiver.study_id)
    .where('site_id', '=', waiver.site_id)
    .executeTakeFirst();
  return Boolean(studySite && (await findVisibleStudySite(db, ctx, studySite.id)));
}
