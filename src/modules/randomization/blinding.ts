import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { canAtStudySite } from '../participants/participant-access.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';

/**
 * The one rule of blinding (PRODUCT.md: blinded roles never see treatment assignments): arms
 * are shown in an open-label or single-blind study (there only the participant is blinded,
 * and the participant is not a user), and in a double-blind study only to a role holding
 * `allocation.read` at the study-site. Every response, export, search and history that could
 * carry an arm asks here.
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
