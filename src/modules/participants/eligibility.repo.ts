import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { VisibleParticipant } from './participant-access.repo.js';

/** The participant's answers to eligibility criteria (any protocol version's). */
export function listEligibilityAnswers(db: Kysely<DB>, { participant }: VisibleParticipant) {
  return db.selectFrom('eligibility_answers').selectAll().where('participant_id', '=', participant.id).execute();
}

/** One answer, replacing the participant's earlier answer to the same criterion. */
export async function saveEligibilityAnswer(
  tx: Kysely<DB>,
  { participant }: VisibleParticipant,
  answer: { criterionId: string; met: boolean; note: string | null; answeredByUserId: string | null; answeredAt: Date },
): Promise<void> {
  const columns = { met: answer.met, note: answer.note, answered_by_user_id: answer.answeredByUserId, answered_at: answer.answeredAt };
  await tx
    .insertInto('eligibility_answers')
    .values({ participant_id: participant.id, criterion_id: answer.criterionId, ...columns })
    .onConflict((oc) => oc.columns(['participant_id', 'criterion_id']).doUpdateSet(columns))
    .execute();
}
