import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, forbidden, notFound, preconditionFailed } from '../../platform/errors.js';
import { confirmSigner, recordSignature, type SigningSeries } from '../../platform/signatures/signatures.repo.js';
import { assertValidlyDelegated } from '../delegation/evaluate-delegation.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { eligibilityContentHash, eligibilityProblems, protocolForEligibility } from './eligibility.js';
import { listEligibilityAnswers } from './eligibility.repo.js';
import { loadParticipantPage } from './participant.repo.js';
import type { ParticipantPage } from './participant.schemas.js';
import { canAtStudySite, findVisibleParticipant, lockParticipant } from './participant-access.repo.js';

/**
 * The investigator confirms eligibility (ICH E6(R3) 2.3: the investigator is responsible for the
 * participants' selection), when validly delegated 'assess_eligibility' today, signing with the
 * password (21 CFR 11.200) the answers as they stand. Refused unless every criterion is answered,
 * every inclusion is met and no exclusion is.
 */
export async function confirmEligibility(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  expectedVersion: number,
  password: string | SigningSeries,
): Promise<ParticipantPage> {
  if (ctx.actor.kind !== 'user') throw forbidden('Only a person can confirm eligibility.');
  const userId = ctx.actor.userId;
  const visible = await findVisibleParticipant(db, ctx, participantId);
  if (!visible) throw notFound('participant');
  if (!canAtStudySite(ctx, 'eligibility.confirm', visible.studySite)) throw forbidden('Only an investigator confirms eligibility.');
  const today = studySiteToday(visible.studySite, ctx.now());
  await assertValidlyDelegated(db, { studySiteId: visible.studySite.id, task: 'assess_eligibility', on: today, userId });
  // The password again, before the transaction: a wrong one counts toward lockout (decision 0005).
  const signer = await confirmSigner(db, ctx, password);
  return db.transaction().execute(async (tx) => {
    const locked = await lockParticipant(tx, ctx, participantId);
    if (!locked) throw notFound('participant');
    const { participant } = locked;
    if (participant.version !== expectedVersion) throw preconditionFailed();
    if (participant.status !== 'screening') {
      const detail = `Eligibility is confirmed during screening; the participant is ${participant.status.replaceAll('_', ' ')}.`;
      throw conflict(detail, [{ pointer: '', detail: `Current status: ${participant.status}.` }]);
    }
    if (participant.eligibility_confirmed_at) throw conflict('Eligibility is confirmed already.');
    const protocol = await protocolForEligibility(tx, participant.study_site_id, today);
    const answers = await listEligibilityAnswers(tx, locked);
    const problems = eligibilityProblems(protocol, answers);
    if (problems.length > 0) {
      throw conflict(`Eligibility cannot be confirmed: ${problems.map((p) => p.detail).join(' ')}`, problems);
    }
    const relevant = answers.filter((a) => protocol.criteria.some((c) => c.id === a.criterion_id));
    const confirmedAt = ctx.now();
    await updateVersioned(
      tx,
      'participants',
      participantId,
      participant.version,
      { eligibility_confirmed_at: confirmedAt, eligibility_confirmed_by_user_id: userId },
      confirmedAt,
    );
    await writeAuditEvent(tx, ctx, {
      entityType: 'participant',
      entityId: participantId,
      action: 'update',
      changes: [
        { field: 'eligibilityConfirmedAt', old: null, new: confirmedAt.toISOString() },
        { field: 'eligibilityConfirmedByUserId', old: null, new: userId },
        { field: 'eligibilityProtocolVersionId', old: null, new: protocol.id },
      ],
    });
    await recordSignature(tx, ctx, signer, {
      entityType: 'participant',
      entityId: participantId,
      contentHash: eligibilityContentHash(participantId, protocol.id, relevant),
      meaning: 'approval',
    });
    const refreshed = await findVisibleParticipant(tx, ctx, participantId);
    if (!refreshed) throw notFound('participant');
    return loadParticipantPage(tx, ctx, refreshed);
  });
}
