import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { localTimeText } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { confirmSigner } from '../../platform/signatures/signatures.repo.js';
import { notifyUsers } from '../notifications/notify-users.js';
import { armShownTo, type ShownArm } from '../participants/blinding.repo.js';
import { canAtStudySite, findVisibleParticipant } from '../participants/participant-access.repo.js';
import { isAllocated } from './randomization.repo.js';
import type { Unblinding } from './randomization.schemas.js';
import { blindingOfStudy, findUnblindings, insertUnblinding, usersToTellOfUnblinding } from './unblinding.repo.js';

/**
 * Emergency unblinding: an investigator who needs the arm to treat the participant (ICH E6(R3)
 * Annex 1, 2.11: the code is broken only as the protocol allows, and promptly documented) learns it now, with
 * the password entered again, a reason, a record, an audit row, and a message to the study's
 * managers and the site's other unblinding investigators. The record and the messages never
 * carry the arm: the managers stay blinded.
 */
export async function unblindParticipant(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  input: { reason: string; password: string },
): Promise<{ unblinding: Unblinding; arm: ShownArm; notifiedUserCount: number }> {
  const visible = await findVisibleParticipant(db, ctx, participantId);
  if (!visible) throw notFound('participant');
  if (!canAtStudySite(ctx, 'participant.unblind', visible.studySite)) throw forbidden();
  if (!(await isAllocated(db, visible))) throw conflict('The participant has not been randomized: there is no arm to reveal.');
  const blinding = await blindingOfStudy(db, visible);
  if (blinding !== 'double') {
    throw conflict(`The study is ${blinding === 'open' ? 'open-label' : 'single-blind'}: staff see the arm already.`);
  }
  // Outside the transaction: a wrong password is counted toward lockout even though nothing else is written.
  const signer = await confirmSigner(db, ctx, input.password);

  return db.transaction().execute(async (tx) => {
    const now = ctx.now();
    const row = await insertUnblinding(tx, {
      participant_id: participantId,
      reason: input.reason,
      unblinded_by_user_id: signer.id,
      unblinded_at: now,
    });
    await writeAuditEvent(tx, ctx, {
      entityType: 'emergency_unblinding',
      entityId: row.id,
      action: 'create',
      changes: [
        { field: 'participantId', old: null, new: participantId },
        { field: 'reason', old: null, new: input.reason },
        { field: 'unblindedByUserId', old: null, new: signer.id },
        { field: 'unblindedAt', old: null, new: now.toISOString() },
      ],
      reason: input.reason,
    });
    const recipients = await usersToTellOfUnblinding(tx, visible.studySite);
    const subject = visible.participant.subject_number;
    await notifyUsers(tx, ctx, recipients, {
      kind: 'emergency_unblinding',
      title: `Emergency unblinding: ${subject} (${visible.studySite.study_short_name})`,
      body:
        `${signer.full_name} unblinded participant ${subject} at site ${visible.studySite.site_number} of ` +
        `${visible.studySite.study_short_name} on ${localTimeText(now, visible.studySite.time_zone)}. Reason: ${input.reason}`,
      entityType: 'participant',
      entityId: participantId,
    });
    const arm = await armShownTo(tx, ctx, visible);
    if (!arm) throw new Error('an unblinding investigator must see the arm');
    const [unblinding] = (await findUnblindings(tx, visible)).filter((u) => u.id === row.id);
    if (!unblinding) throw new Error('unblinding record vanished');
    return { unblinding, arm, notifiedUserCount: recipients.length };
  });
}
