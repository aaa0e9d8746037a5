import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { canAtStudySite, findVisibleParticipant } from '../participants/participant-access.repo.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { auditDeviationCreated, insertDeviation, unsafeLoadDeviation } from './deviation.repo.js';
import { revealingWords } from './revealing-words.js';
import { isVisitOf } from './visit.repo.js';
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
    const today = studySiteToday(studySite, ctx.now());
    if (input.occurredOn > today)
      errors.push({ pointer: '/occurredOn', detail: `A deviation cannot be dated in the future (today at the site is ${today}).` });
    if (input.visitId) {
      const visit = await isVisitOf(tx, participant.id, input.visitId);
      if (!visit) errors.push({ pointer: '/visitId', detail: 'The participant has no such visit.' });
    }
    const revealing = await revealingWords(tx, participant.identity_id, participant.study_id, input.description);
    if (revealing) errors.push({ pointer: '/description', detail: `Leave out ${revealing}: deviations are read by sponsor monitors.` });
    if (errors.length > 0) throw invalid(errors, errors[0]?.detail);
    const id = await insertDeviation(tx, {
      study_id: participant.study_id,
      study_site_id: participant.study_site_id,
      participant_id: participant.id,
      visit_id: input.visitId ?? null,
      category: input.category,
      description: input.description,
      detected: 'manual',
      occurred_on: input.occurredOn,
    });
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
    return unsafeLoadDeviation(tx, id);
  });
}
