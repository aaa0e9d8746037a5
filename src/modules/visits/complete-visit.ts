import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import { inTransaction } from '../../platform/db/in-transaction.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, forbidden, invalid, notFound, preconditionFailed } from '../../platform/errors.js';
import { canAtStudySite, lockParticipant } from '../participants/participant-access.repo.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { checkProcedureAnswers } from './procedure-answers.js';
import {
  definedProcedures,
  findVisibleVisit,
  replaceProcedureResults,
  unsafeLoadVisit,
  unsafeLockVisit,
  unsafeUpdateVisit,
} from './visit.repo.js';
import type { CompleteVisit, ParticipantVisit } from './visit.schemas.js';
import { detectCompletedVisitDeviations } from './visit-deviations.js';
import { applyCompletedVisit } from './visit-effects.js';

/**
 * Records that a planned visit took place: the day, and each procedure of its definition done or
 * not (with why). In the same transaction it raises the deviations the facts imply (outside the
 * window, re-consent outstanding) and moves the participant on (baseline day, status).
 * A visit marked missed may still be completed when its data arrive late; its missed-visit
 * deviation stays for the assessor.
 */
export async function completeVisit(
  db: Kysely<DB>,
  ctx: RequestContext,
  visitId: string,
  expectedVersion: number,
  input: CompleteVisit,
): Promise<ParticipantVisit> {
  return db.transaction().execute(async (tx) => {
    await completeVisitWrite(tx, ctx, visitId, expectedVersion, input);
    return unsafeLoadVisit(tx, visitId);
  });
}

/**
 * The write of completeVisit without the visit it answers with, for a caller with no use for it
 * (the demo seed replays hundreds): in the caller's transaction, or in its own.
 */
export async function completeVisitWrite(
  db: Kysely<DB>,
  ctx: RequestContext,
  visitId: string,
  expectedVersion: number,
  input: CompleteVisit,
): Promise<void> {
  return inTransaction(db, async (tx) => {
    const found = await findVisibleVisit(tx, ctx, visitId);
    if (!found) throw notFound('visit');
    const { studySite } = found.visible;
    if (!canAtStudySite(ctx, 'participant.write', studySite)) throw forbidden();
    const locked = await lockParticipant(tx, ctx, found.visit.participant_id);
    if (!locked) throw notFound('visit');
    const { participant } = locked;
    const visit = await unsafeLockVisit(tx, visitId);
    if (visit.version !== expectedVersion) throw preconditionFailed();
    if (visit.status !== 'scheduled' && visit.status !== 'missed')
      throw conflict(`Visit ${visit.code} is ${visit.status}: only a scheduled or missed visit can be completed.`);
    const today = studySiteToday(studySite, ctx.now());
    const errors = [];
    if (input.actualDate > today)
      errors.push({ pointer: '/actualDate', detail: `A visit cannot be dated in the future (today at the site is ${today}).` });
    if (participant.consented_on && input.actualDate < participant.consented_on)
      errors.push({ pointer: '/actualDate', detail: `The participant consented on ${participant.consented_on}: no visit before that.` });
    const defined = visit.protocol_visit_id
      ? ((await definedProcedures(tx, [visit.protocol_visit_id])).get(visit.protocol_visit_id) ?? [])
      : [];
    const answers = checkProcedureAnswers(input.procedures, defined);
    errors.push(...answers.errors);
    if (errors.length > 0) throw invalid(errors, errors[0]?.detail);

    await unsafeUpdateVisit(
      tx,
      visit,
      {
        status: 'completed',
        actual_date: input.actualDate,
        completed_at: ctx.now(),
        completed_by_user_id: actorUserId(ctx.actor),
        notes: input.notes ?? null,
      },
      ctx.now(),
    );
    const completed = await unsafeLockVisit(tx, visit.id);
    await replaceProcedureResults(tx, visit.id, answers.results);
    await writeAuditEvent(tx, ctx, {
      entityType: 'participant_visit',
      entityId: visit.id,
      action: 'status_change',
      changes: [
        { field: 'status', old: visit.status, new: 'completed' },
        { field: 'actualDate', old: null, new: input.actualDate },
        { field: 'notes', old: visit.notes, new: input.notes ?? null },
        { field: 'procedures', old: null, new: answers.results },
      ],
    });
    await detectCompletedVisitDeviations(tx, ctx, { visible: locked, visit: completed });
    await applyCompletedVisit(tx, ctx, participant, completed);
  });
}
