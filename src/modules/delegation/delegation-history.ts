import type { Kysely } from 'kysely';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { findVisibleStudySite } from '../study-sites/study-site.repo.js';
import { unsafeFindDelegationEntryStudySite } from './delegation.repo.js';
import { unsafeFindDelegationTaskStudy } from './delegation-task.repo.js';

/**
 * Who reads the history of delegation records: who sees the record. A removed task leaves no
 * row to scope it by; its history stays with the platform admins, as for document rules.
 */
const platformAdmin = (ctx: RequestContext) => can(ctx.actor, 'user.read', { organizationIds: [] });

export async function canReadDelegationTaskHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const row = await unsafeFindDelegationTaskStudy(db, id);
  return row ? Boolean(await findVisibleStudy(db, ctx, row.study_id)) : platformAdmin(ctx);
}

export async function canReadDelegationEntryHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const row = await unsafeFindDelegationEntryStudySite(db, id);
  return Boolean(row && (await findVisibleStudySite(db, ctx, row.study_site_id)));
}
