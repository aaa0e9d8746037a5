import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import { inTransaction } from '../../platform/db/in-transaction.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { criterionLabel, protocolForEligibility } from './eligibility.js';
import { listEligibilityAnswers, saveEligibilityAnswer } from './eligibility.repo.js';
import { loadParticipantPageAfterWrite } from './participant.repo.js';
import type { EligibilityAnswers, ParticipantPage } from './participant.schemas.js';
import { canAtStudySite, lockParticipant } from './participant-access.repo.js';

/**
 * Answers eligibility criteria one by one (met or not, with a note), for the criteria of the
 * protocol version in force at the site today. Answers are settled once an investigator confirmed.
 */
export async function answerEligibility(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  input: EligibilityAnswers,
): Promise<ParticipantPage> {
  return db.transaction().execute(async (tx) => {
    await answerEligibilityWrite(tx, ctx, participantId, input);
    return loadParticipantPageAfterWrite(tx, ctx, participantId);
  });
}

/**
 * The write of answerEligibility without the page it answers with, for a caller with no use for it (the
 * demo seed replays hundreds): in the caller's transaction, or in its own.
 */
export async function answerEligibilityWrite(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  { answers }: EligibilityAnswers,
): Promise<void> {
  return inTransaction(db, async (tx) => {
    const visible = await lockParticipant(tx, ctx, participantId);
    if (!visible) throw notFound('participant');
    if (!canAtStudySite(ctx, 'participant.write', visible.studySite)) throw forbidden();
    const { participant } = visible;
    if (participant.status !== 'screening') {
      const detail = `Eligibility is answered during screening; the participant is ${participant.status.replaceAll('_', ' ')}.`;
      throw conflict(detail, [{ pointer: '', detail: `Current status: ${participant.status}.` }]);
    }
    if (participant.eligibility_confirmed_at) throw conflict('An investigator confirmed eligibility already; the answers are settled.');
    const today = studySiteToday(visible.studySite, ctx.now());
    const protocol = await protocolForEligibility(tx, participant.study_site_id, today);
    const criteria = new Map(protocol.criteria.map((c) => [c.id, c]));
    const seen = new Set<string>();
    answers.forEach((answer, i) => {
      if (!criteria.has(answer.criterionId)) {
        throw invalidField(`/answers/${i}/criterionId`, `Not a criterion of protocol ${protocol.versionLabel}, in force at this site.`);
      }
      if (seen.has(answer.criterionId)) throw invalidField(`/answers/${i}/criterionId`, 'Answered twice in this request.');
      seen.add(answer.criterionId);
    });
    const before = new Map((await listEligibilityAnswers(tx, visible)).map((a) => [a.criterion_id, a]));
    const changes = [];
    for (const answer of answers) {
      const note = answer.note ?? null;
      const old = before.get(answer.criterionId);
      if (old && old.met === answer.met && old.note === note) continue;
      await saveEligibilityAnswer(tx, visible, {
        criterionId: answer.criterionId,
        met: answer.met,
        note,
        answeredByUserId: actorUserId(ctx.actor),
        answeredAt: ctx.now(),
      });
      const criterion = criteria.get(answer.criterionId);
      changes.push({
        field: `eligibility.${criterion ? criterionLabel(criterion) : answer.criterionId}`,
        old: old ? { met: old.met, note: old.note } : null,
        new: { criterionId: answer.criterionId, met: answer.met, note },
      });
    }
    if (changes.length > 0) {
      await writeAuditEvent(tx, ctx, { entityType: 'participant', entityId: participantId, action: 'update', changes });
    }
  });
}
