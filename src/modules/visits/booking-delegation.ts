import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { unsafeLoadDelegationFacts } from '../delegation/delegation.repo.js';
import { evaluateWithFacts } from '../delegation/evaluate-delegation.js';

/**
 * Whether the delegation log lets the booked person do study tasks on the visit's day, as a
 * warning in words. The study's task list names no "do visits" task, so this asks for any task
 * validly delegated that day; a booking is a plan, and the log may be put right before the day,
 * so it warns where consent and eligibility (done on the spot) refuse. Unscoped: the answer must
 * not depend on what the caller may list, as for assertValidlyDelegated.
 */
export async function bookingDelegationWarnings(
  db: Kysely<DB>,
  question: { studySiteId: string; personId: string; personName: string; on: string },
): Promise<string[]> {
  const facts = await unsafeLoadDelegationFacts(db, question.studySiteId, { personId: question.personId });
  if (!facts) return [];
  const entries = facts.entries.filter((e) => e.person_id === question.personId);
  if (entries.length === 0)
    return [`${question.personName} is not on this study's delegation log at this site: no study task is delegated to them.`];
  const tasks = [...new Set(entries.flatMap((e) => e.tasks))];
  const answers = tasks.map((task) => evaluateWithFacts(facts, { personId: question.personId, task, on: question.on }));
  if (answers.some((a) => a.valid)) return [];
  const reasons = [...new Set(answers.flatMap((a) => a.reasons))];
  return [`${question.personName} is not validly delegated any study task on ${question.on}: ${reasons.join(' ')}`];
}
