import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { VisibleParticipant } from '../participants/participant-access.js';
import { canSeeArmOf } from './blinding.js';

export interface ShownArm {
  code: string;
  name: string;
}

/**
 * A participant's arm as the caller may see it: null when not randomized or when the caller is
 * blinded. Every response that could carry an arm takes it from here.
 */
export async function armShownTo(
  db: Kysely<DB>,
  ctx: RequestContext,
  { participant, studySite }: VisibleParticipant,
): Promise<ShownArm | null> {
  const allocation = await db.selectFrom('allocations').select('arm_code').where('participant_id', '=', participant.id).executeTakeFirst();
  if (!allocation || !(await canSeeArmOf(db, ctx, studySite, participant.id))) return null;
  // The arm's name from the newest final protocol version that has this code.
  const arm = await db
    .selectFrom('protocol_arms as a')
    .innerJoin('protocol_versions as pv', 'pv.id', 'a.protocol_version_id')
    .select('a.name')
    .where('pv.study_id', '=', participant.study_id)
    .where('pv.status', '=', 'final')
    .where('a.code', '=', allocation.arm_code)
    .orderBy('pv.version_number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { code: allocation.arm_code, name: arm?.name ?? allocation.arm_code };
}
