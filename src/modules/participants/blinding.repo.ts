import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';
import { canAtStudySite, type VisibleParticipant } from './participant-access.repo.js';

/**
 * The one rule of blinding (PRODUCT.md: blinded roles never see treatment assignments): arms
 * are shown in an open-label or single-blind study (there only the participant is blinded,
 * and the participant is not a user), and in a double-blind study only to a role holding
 * `allocation.read` at the study-site. Every response, export, search and history that could
 * carry an arm asks here. It sits beside participant-access.repo.ts, as part of what a caller may
 * see of a participant; the randomization module writes the schemes, allocations and
 * unblindings it reads.
 */
export async function canSeeArms(db: Kysely<DB>, ctx: RequestContext, studySite: StudySiteJoined): Promise<boolean> {
  if (canAtStudySite(ctx, 'allocation.read', studySite)) return true;
  const scheme = await db
    .selectFrom('randomization_schemes')
    .select('blinding')
    .where('study_id', '=', studySite.study_id)
    .executeTakeFirst();
  return scheme?.blinding === 'open' || scheme?.blinding === 'single';
}

/**
 * One participant's arm: as above, and also, once a participant was unblinded in an emergency,
 * to the site's investigators who may unblind (they need it to treat the participant).
 */
export async function canSeeArmOf(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySite: StudySiteJoined,
  participantId: string,
): Promise<boolean> {
  if (await canSeeArms(db, ctx, studySite)) return true;
  if (!canAtStudySite(ctx, 'participant.unblind', studySite)) return false;
  const unblinded = await db
    .selectFrom('emergency_unblindings')
    .select('id')
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
  return Boolean(unblinded);
}

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
