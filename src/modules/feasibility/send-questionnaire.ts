import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { type FieldError, invalid, notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleStudySite } from '../study-sites/study-site.repo.js';
import {
  findVisibleInvitation,
  type InvitationJoined,
  insertInvitation,
  toInvitation,
  toResponse,
  unsafeListInvitedStudySiteIds,
} from './invitation.repo.js';
import type { Invitation } from './invitation.schemas.js';
import { findVisibleQuestionnaire, questionnaireScope, toQuestionnaire } from './questionnaire.repo.js';

const invitationAuditIgnore = ['id', 'view', 'version', 'studyShortName', 'siteName', 'questionnaireTitle'];

/**
 * Sends a questionnaire to candidate sites: one invitation and one empty response each. The
 * first send freezes the questionnaire; a later send reaches more candidates with the same
 * questions. Every study-site is checked before anything is written, so a refused request
 * changes nothing and names each bad entry.
 */
export async function sendQuestionnaire(
  db: Kysely<DB>,
  ctx: RequestContext,
  questionnaireId: string,
  expectedVersion: number,
  studySiteIds: string[],
): Promise<Invitation[]> {
  return db.transaction().execute(async (tx) => {
    const questionnaire = await findVisibleQuestionnaire(tx, ctx, questionnaireId);
    if (!questionnaire) throw notFound('questionnaire');
    assertCan(ctx, 'feasibility.write', questionnaireScope(questionnaire));
    // The sender confirms the questions they read: a colleague's later edit of the draft is a 412, not a surprise.
    if (questionnaire.version !== expectedVersion) throw preconditionFailed();

    const problems: FieldError[] = [];
    const already = new Set(await unsafeListInvitedStudySiteIds(tx, questionnaireId));
    const seen = new Set<string>();
    for (const [index, studySiteId] of studySiteIds.entries()) {
      const pointer = `/studySiteIds/${index}`;
      const studySite = await findVisibleStudySite(tx, ctx, studySiteId);
      if (!studySite || studySite.study_id !== questionnaire.study_id) problems.push({ pointer, detail: 'No such site in this study.' });
      else if (studySite.status !== 'candidate') {
        problems.push({ pointer, detail: `Only candidate sites receive feasibility questionnaires; this site is ${studySite.status}.` });
      } else if (already.has(studySiteId) || seen.has(studySiteId)) {
        problems.push({ pointer, detail: 'This site has this questionnaire already.' });
      }
      seen.add(studySiteId);
    }
    if (problems.length > 0) throw invalid(problems);

    if (questionnaire.status === 'draft') {
      const before = toQuestionnaire(questionnaire);
      await updateVersioned(
        tx,
        'feasibility_questionnaires',
        questionnaireId,
        questionnaire.version,
        { status: 'sent', sent_at: ctx.now() },
        ctx.now(),
      );
      const after = { ...before, status: 'sent' as const, sentAt: ctx.now().toISOString() };
      await writeAuditEvent(tx, ctx, {
        entityType: 'feasibility_questionnaire',
        entityId: questionnaireId,
        action: 'status_change',
        changes: diffChanges(before, after, ['id', 'questions', 'version', 'createdAt', 'updatedAt']),
      });
    }

    const invitations: Invitation[] = [];
    for (const studySiteId of studySiteIds) {
      const id = await insertInvitation(
        tx,
        {
          questionnaire_id: questionnaireId,
          study_site_id: studySiteId,
          sent_by: actorUserId(ctx.actor),
          created_at: ctx.now(),
          updated_at: ctx.now(),
        },
        ctx.now(),
      );
      const row: InvitationJoined | undefined = await findVisibleInvitation(tx, ctx, id);
      if (!row) throw notFound('invitation');
      const invitation = toInvitation(row, 'sponsor');
      await writeAuditEvent(tx, ctx, {
        entityType: 'feasibility_invitation',
        entityId: id,
        action: 'create',
        changes: diffChanges(null, invitation, invitationAuditIgnore),
      });
      await writeAuditEvent(tx, ctx, {
        entityType: 'feasibility_response',
        entityId: row.response_id,
        action: 'create',
        changes: diffChanges(null, { invitationId: id, ...toResponse(row) }, ['id', 'version', 'createdAt', 'updatedAt']),
      });
      invitations.push(invitation);
    }
    return invitations;
  });
}
