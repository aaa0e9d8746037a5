import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findStudyForProtocols, findVisibleProtocolVersion } from './protocol.repo.js';
import { findStudySiteForProtocols } from './site-approval.repo.js';

/** History readers for audit.repo.ts: who may read a record's history is who may see the record. */
export async function canReadProtocolVersionHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  return Boolean(await findVisibleProtocolVersion(db, ctx, id));
}

export async function canReadIcfVersionHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const row = await db.selectFrom('icf_versions').select('study_id').where('id', '=', id).executeTakeFirst();
  return Boolean(row && (await findStudyForProtocols(db, ctx, row.study_id)));
}

async function studySiteVisible(db: Kysely<DB>, ctx: RequestContext, studySiteId: string): Promise<boolean> {
  const studySite = await db.selectFrom('study_sites').select('study_id').where('id', '=', studySiteId).executeTakeFirst();
  return Boolean(studySite && (await findStudySiteForProtocols(db, ctx, studySite.study_id, studySiteId)));
}

export async function canReadProtocolApprovalHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const row = await db.selectFrom('protocol_site_approvals').select('study_site_id').where('id', '=', id).executeTakeFirst();
  return Boolean(row && (await studySiteVisible(db, ctx, row.study_site_id)));
}

export async function canReadIcfApprovalHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const row = await db.selectFrom('icf_site_approvals').select('study_site_id').where('id', '=', id).executeTakeFirst();
  return Boolean(row && (await studySiteVisible(db, ctx, row.study_site_id)));
}
