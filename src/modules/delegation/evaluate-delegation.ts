import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { unsafeFindPersonOfUser } from '../people/person.repo.js';
import { type DelegationFacts, unsafeLoadDelegationFacts } from './delegation.repo.js';
import type { Validity } from './delegation.schemas.js';
import { entryValidity } from './delegation-validity.js';

export interface DelegationQuestion {
  studySiteId: string;
  personId: string;
  /** A task code of the study's list, such as 'obtain_consent'. */
  task: string;
  /** The day the task is done, 'YYYY-MM-DD' (UTC). */
  on: string;
}

/** The answer for one person, task and day, from facts already loaded. */
export function evaluateWithFacts(facts: DelegationFacts, question: Omit<DelegationQuestion, 'studySiteId'>): Validity {
  const task = facts.tasks.find((t) => t.code === question.task);
  if (!task) return { valid: false, reasons: [`"${question.task}" is not a task of this study's delegation log.`] };
  const entries = facts.entries.filter((e) => e.person_id === question.personId && e.tasks.includes(task.code));
  if (entries.length === 0) return { valid: false, reasons: [`Not on this site's delegation log for "${task.label}".`] };
  const results = entries.map((entry) => ({ entry, ...entryValidity(facts, entry, question.on, task.code) }));
  if (results.some((r) => r.valid)) return { valid: true, reasons: [] };
  // Several entries (an ended one and its successor): speak of those in effect that day, if any.
  const inEffect = results.filter((r) => r.entry.start_date <= question.on && (!r.entry.end_date || r.entry.end_date >= question.on));
  const reasons = [...new Set((inEffect.length ? inEffect : results).flatMap((r) => r.reasons))];
  return { valid: false, reasons };
}

/**
 * Is this person validly delegated this task at this study-site on this day? The one place
 * that decides it (ICH E6(R3) 2.3): the entry names the task, the PI signed it as it stands,
 * the day is within its dates, the person holds a role at the site, the training the study
 * requires of that role and the task needs is current, and so is a licence where the task
 * needs one. The caller has checked that the study-site is visible to whoever asks.
 */
export async function evaluateDelegation(db: Kysely<DB>, question: DelegationQuestion): Promise<Validity> {
  const facts = await unsafeLoadDelegationFacts(db, question.studySiteId, { personId: question.personId });
  if (!facts) return { valid: false, reasons: ['No such study-site.'] };
  return evaluateWithFacts(facts, question);
}

/** The person who acts: given directly, or the one a user's login is linked to (people.user_id). */
export type Actor = { personId: string } | { userId: string };

/**
 * The guard other modules call before an action only a delegated person may take (consent,
 * eligibility, AE assessment…): a 403 problem whose detail and errors give the reasons.
 */
export async function assertValidlyDelegated(db: Kysely<DB>, question: Omit<DelegationQuestion, 'personId'> & Actor): Promise<void> {
  let personId: string;
  if ('personId' in question) personId = question.personId;
  else {
    const person = await unsafeFindPersonOfUser(db, question.userId);
    if (!person) {
      throw new AppError(
        403,
        'Forbidden',
        'Your login is not linked to a person on the staff of this site, so no task is delegated to you.',
      );
    }
    personId = person.id;
  }
  const facts = await unsafeLoadDelegationFacts(db, question.studySiteId, { personId });
  const { valid, reasons } = facts
    ? evaluateWithFacts(facts, { personId, task: question.task, on: question.on })
    : { valid: false, reasons: ['No such study-site.'] };
  if (valid) return;
  // The task as the log names it, never its code: the refusal is read by site staff (#11).
  const label = facts?.tasks.find((t) => t.code === question.task)?.label;
  throw new AppError(
    403,
    'Forbidden',
    `Not validly delegated to ${label ? asPredicate(label) : `do "${question.task}"`} on ${question.on}: ${reasons.join(' ')}`,
    reasons.map((detail) => ({ pointer: '', detail })),
  );
}

/** "Obtain informed consent" → "obtain informed consent"; an initialism ("IP accountability") keeps its case. */
function asPredicate(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}
