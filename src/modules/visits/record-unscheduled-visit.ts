import type { Kysely } from 'kysely';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { canAtStudySite, lockParticipant } from '../participants/participant-access.repo.js';
import { unsafeProtocolInForceAt } from '../protocols/in-force.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { checkProcedureAnswers } from './procedure-answers.js';
import { insertVisit, replaceProcedureResults, unsafeLoadVisit } from './visit.repo.js';
import type { ParticipantVisit, RecordUnscheduledVisit } from './visit.schemas.js';
import { auditVisitCreated } from './visit-audit.js';
import { detectCompletedVisitDeviations } from './visit-deviations.js';

/** Unscheduled visits come after every planned one in the participant's sequence. */
const adHocSequence = 10_000;

/**
 * Records a visit outside the schedule (an adverse event, a repeat lab), as it happened: either
 * an unscheduled visit of the protocol in force on that day (its procedures answered), or one
 * named by the site. Has no window, so only an outstanding re-consent can make it a deviation.
 */
export async function recordUnscheduledVisit(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  input: RecordUnscheduledVisit,
): Promise<ParticipantVisit> {
  return db.transaction().execute(async (tx) => {
    const visible = await lockParticipant(tx, ctx, participantId);
    if (!visible) throw notFound('participant');
    if (!canAtStudySite(ctx, 'participant.write', visible.studySite)) throw forbidden();
    const { participant } = visible;
    if (!participant.consented_on) throw conflict('The participant has not consented: no study visit can be recorded yet.');
    const today = studySiteToday(visible.studySite, ctx.now());
    const errors = [];
    if (input.actualDate > today)
      errors.push({ pointer: '/actualDate', detail: `A visit cannot be dated in the future (today at the site is ${today}).` });
    if (input.actualDate < participant.consented_on)
      errors.push({ pointer: '/actualDate', detail: `The participant consented on ${participant.consented_on}: no visit before that.` });
    let definition: { id: string; code: string; name: string; sequence: number; procedures: { code: string; name: string }[] } | undefined;
    let protocolVersionId: string | null = null;
    if (input.code) {
      const protocol = await unsafeProtocolInForceAt(tx, participant.study_site_id, input.actualDate);
      definition = protocol?.visits.find((v) => v.code === input.code && v.kind === 'unscheduled');
      if (!definition)
        errors.push({ pointer: '/code', detail: `The protocol in force on ${input.actualDate} has no unscheduled visit ${input.code}.` });
      protocolVersionId = protocol?.id ?? null;
    }
    const answers = checkProcedureAnswers(input.procedures, definition?.procedures);
    errors.push(...answers.errors);
    if (errors.length > 0) throw invalid(errors, errors[0]?.detail);

    const visit = await insertVisit(tx, {
      participant_id: participant.id,
      study_site_id: participant.study_site_id,
      protocol_version_id: definition ? protocolVersionId : null,
      protocol_visit_id: definition?.id ?? null,
      code: definition?.code ?? 'UNSCHEDULED',
      name: input.name ?? definition?.name ?? 'Unscheduled visit',
      kind: 'unscheduled',
      sequence: definition?.sequence ?? adHocSequence,
      status: 'completed',
      actual_date: input.actualDate,
      completed_at: ctx.now(),
      completed_by_user_id: actorUserId(ctx.actor),
      created_at: ctx.now(),
      updated_at: ctx.now(),
      notes: input.notes ?? null,
    });
    await replaceProcedureResults(tx, visit.id, answers.results);
    await auditVisitCreated(tx, ctx, visit, undefined, [{ field: 'procedures', old: null, new: answers.results }]);
    await detectCompletedVisitDeviations(tx, ctx, { visible, visit });
    return unsafeLoadVisit(tx, visit.id);
  });
}
