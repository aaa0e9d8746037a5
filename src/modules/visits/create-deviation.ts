import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { canAtStudySite, findVisibleParticipant } from '../participants/participant-access.js';
import { auditDeviationCreated, loadDeviation } from './deviation.repo.js';
import { studySiteToday } from './visit.repo.js';
import type { CreateDeviation, Deviation } from './visit.schemas.js';

/**
 * A deviation a person noticed (ICH E6(R3) 2.5.4: the investigator documents any deviation).
 * Deviation lists reach sponsor monitors, who must not learn who the participant is or, in a
 * blinded study, the arm: a description naming the participant or an arm is refused.
 */
export async function createDeviation(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  input: CreateDeviation,
): Promise<Deviation> {
  return db.transaction().execute(async (tx) => {
    const visible = await findVisibleParticipant(tx, ctx, participantId);
    if (!visible) throw notFound('participant');
    const { participant, studySite } = visible;
    if (!canAtStudySite(ctx, 'deviation.write', studySite)) throw forbidden();
    const errors = [];
    const today = await studySiteToday(tx, participant.study_site_id, ctx.now());
    if (input.occurredOn > today)
      errors.push({ pointer: '/occurredOn', detail: `A deviation cannot be dated in the future (today at the site is ${today}).` });
    if (input.visitId) {
      const visit = await tx
        .selectFrom('participant_visits')
        .select('id')
        .where('id', '=', input.visitId)
        .where('participant_id', '=', participant.id)
        .executeTakeFirst();
      if (!visit) errors.push({ pointer: '/visitId', detail: 'The participant has no such visit.' });
    }
    const revealing = await revealingWords(tx, participant.identity_id, participant.study_id, input.description);
    if (revealing) errors.push({ pointer: '/description', detail: `Leave out ${revealing}: deviations are read by sponsor monitors.` });
    if (errors.length > 0) throw invalid(errors, errors[0]?.detail);
    const { id } = await tx
      .insertInto('protocol_deviations')
      .values({
        study_id: participant.study_id,
        study_site_id: participant.study_site_id,
        participant_id: participant.id,
        visit_id: input.visitId ?? null,
        category: input.category,
        description: input.description,
        detected: 'manual',
        occurred_on: input.occurredOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditDeviationCreated(tx, ctx, id, {
      participantId: participant.id,
      visitId: input.visitId ?? null,
      category: input.category,
      description: input.description,
      occurredOn: input.occurredOn,
      detected: 'manual',
      sourceEntityType: null,
      sourceEntityId: null,
    });
    return loadDeviation(tx, id);
  });
}

/** The participant's name, or the name of one of the study's arms, when the text contains it. */
async function revealingWords(tx: Kysely<DB>, identityId: string | null, studyId: string, text: string): Promise<string | undefined> {
  const lower = text.toLowerCase();
  if (identityId) {
    const identity = await tx.selectFrom('identities').select('full_name').where('id', '=', identityId).executeTakeFirst();
    const name = identity?.full_name.trim().toLowerCase();
    if (name && lower.includes(name)) return "the participant's name";
  }
  const arms = await tx
    .selectFrom('protocol_arms as a')
    .innerJoin('protocol_versions as pv', 'pv.id', 'a.protocol_version_id')
    .select('a.name')
    .distinct()
    .where('pv.study_id', '=', studyId)
    .execute();
  // Short arm names ("A") would match ordinary words; names are checked from four letters on.
  return arms.some((a) => a.name.length >= 4 && lower.includes(a.name.toLowerCase())) ? 'the treatment arm' : undefined;
}
