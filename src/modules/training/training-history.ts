import type { Kysely } from 'kysely';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findVisiblePerson } from '../people/person.repo.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { unsafeFindTrainingRecordPerson, unsafeFindTrainingRequirementStudy } from './training.repo.js';

/**
 * Who reads the history of training records and requirements: who sees the record. A removed
 * requirement leaves no row to scope it by; its history stays with the platform admins, as for
 * document rules.
 */
const platformAdmin = (ctx: RequestContext) => can(ctx.actor, 'user.read', { organizationIds: [] });

export async function canReadTrainingRecordHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  // Removed records keep their row (deleted_at), so they stay scoped to their person.
  const record = await unsafeFindTrainingRecordPerson(db, id);
  return Boolean(record && (await findVisiblePerson(db, ctx, record.person_id)));
}

export async function canReadTrainingRequirementHistory(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  const row = await unsafeFindTrainingRequirementStudy(db, id);
  return row ? Boolean(await findVisibleStudy(db, ctx, row.study_id)) : platformAdmin(ctx);
}
