import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { FieldError } from '../../platform/errors.js';
import { conflict } from '../../platform/errors.js';
import { type ProtocolInForce, unsafeProtocolInForceAt } from '../protocols/in-force.js';

export type EligibilityAnswerRow = { criterion_id: string; met: boolean; note: string | null };

/** The protocol version in force at the site on a day: its criteria are the ones answered. */
export async function protocolForEligibility(db: Kysely<DB>, studySiteId: string, on: string): Promise<ProtocolInForce> {
  const protocol = await unsafeProtocolInForceAt(db, studySiteId, on);
  if (!protocol) throw conflict(`No protocol version is approved at this site on ${on}, so there are no criteria to answer.`);
  return protocol;
}

const label = (c: ProtocolInForce['criteria'][number]) => `${c.kind === 'inclusion' ? 'Inclusion' : 'Exclusion'} ${c.number}`;

/**
 * Why the participant is not (yet) eligible, criterion by criterion: unanswered criteria, an
 * inclusion not met, an exclusion met. Empty when every inclusion is met and no exclusion is.
 */
export function eligibilityProblems(protocol: ProtocolInForce, answers: EligibilityAnswerRow[]): FieldError[] {
  const answerOf = new Map(answers.map((a) => [a.criterion_id, a]));
  return protocol.criteria.flatMap((criterion) => {
    const answer = answerOf.get(criterion.id);
    const what = `${label(criterion)} (${criterion.text})`;
    if (!answer) return [{ pointer: '', detail: `${what}: not answered.` }];
    if (criterion.kind === 'inclusion' && !answer.met) return [{ pointer: '', detail: `${what}: not met.` }];
    if (criterion.kind === 'exclusion' && answer.met) return [{ pointer: '', detail: `${what}: met, which excludes.` }];
    return [];
  });
}

/** What the investigator signs: the answers to the criteria of one protocol version (RFC 8785 JSON). */
export function eligibilityContentHash(participantId: string, protocolVersionId: string, answers: EligibilityAnswerRow[]): string {
  const sorted = [...answers]
    .sort((a, b) => a.criterion_id.localeCompare(b.criterion_id))
    .map((a) => ({ criterionId: a.criterion_id, met: a.met, note: a.note }));
  const canonical = canonicalize({ participantId, protocolVersionId, answers: sorted }) ?? '';
  return createHash('sha256').update(canonical).digest('hex');
}

export { label as criterionLabel };
