import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { assertActivationAllowed } from '../milestones/assert-activation-allowed.js';
import { findVisibleStudySite } from '../study-sites/study-site.repo.js';
import type { StudySite } from '../study-sites/study-site.schemas.js';
import { updateStudySite } from '../study-sites/update-study-site.js';
import { findLatestInvitationOfStudySite, findVisibleInvitation, toInvitation } from './invitation.repo.js';
import type { Decision, Invitation } from './invitation.schemas.js';
import { requireStudyAtStudyLevel } from './questionnaire.repo.js';

const nextStatus = { select: 'selected', reject: 'closed' } as const;

/**
 * The selection decision (ICH E6(R3) 3.6: the sponsor selects qualified investigators and
 * documents why). The study-site's status moves through the study-sites use case, with its
 * rules and its audit row, in the same transaction as the decision recorded on the invitation:
 * neither commits without the other.
 */
export async function decideStudySite(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  studySiteVersion: number,
  input: Decision,
): Promise<{ studySite: StudySite; invitation: Invitation }> {
  return db.transaction().execute(async (tx) => {
    await requireStudyAtStudyLevel(tx, ctx, studyId, 'feasibility.write');
    const current = await findVisibleStudySite(tx, ctx, input.studySiteId);
    if (!current || current.study_id !== studyId) throw invalidField('/studySiteId', 'No such site in this study.');
    if (current.status !== 'candidate') {
      throw invalidField('/studySiteId', `Only a candidate site is selected or rejected; this site is ${current.status}.`);
    }
    const invitation = await findLatestInvitationOfStudySite(tx, ctx, input.studySiteId);
    if (!invitation) throw invalidField('/studySiteId', 'This site was sent no feasibility questionnaire.');

    const studySite = await updateStudySite(
      tx,
      ctx,
      studyId,
      input.studySiteId,
      studySiteVersion,
      { status: nextStatus[input.decision], reason: input.reason },
      assertActivationAllowed,
    );

    const before = toInvitation(invitation, 'sponsor');
    await updateVersioned(
      tx,
      'feasibility_invitations',
      invitation.id,
      invitation.version,
      { decision: input.decision, decision_reason: input.reason, decided_at: ctx.now(), decided_by: actorUserId(ctx.actor) },
      ctx.now(),
    );
    const updated = await findVisibleInvitation(tx, ctx, invitation.id);
    if (!updated) throw notFound('invitation');
    const after = toInvitation(updated, 'sponsor');
    await writeAuditEvent(tx, ctx, {
      entityType: 'feasibility_invitation',
      entityId: invitation.id,
      action: 'status_change',
      changes: diffChanges(before, after, ['id', 'view', 'version', 'studySiteStatus']),
      reason: input.reason,
    });
    return { studySite, invitation: after };
  });
}
