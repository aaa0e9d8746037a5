import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { can } from '../../platform/auth/authorize.js';
import { loadActor } from '../../platform/auth/sessions.repo.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { canAtStudySite, findVisibleParticipant } from '../participants/participant-access.repo.js';
import { studySiteScope } from '../study-sites/study-site.repo.js';
import { revealingWords } from '../visits/revealing-words.js';
import { isVisitOf } from '../visits/visit.repo.js';
import { authorLabel } from './author-label.js';
import { insertQuery, insertQueryMessage, unsafeLoadQuery } from './data-query.repo.js';
import type { DataQueryWithMessages, RaiseQuery } from './data-query.schemas.js';

/**
 * A CRA, data manager or study manager asks the site about a participant's data: the whole
 * casebook, one visit's form, or one item value. The text reaches sponsor monitors, so it must
 * not name the participant or an arm; an assignee must be able to work on the query at the site.
 */
export async function raiseDataQuery(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  input: RaiseQuery,
): Promise<DataQueryWithMessages> {
  return db.transaction().execute(async (tx) => {
    const visible = await findVisibleParticipant(tx, ctx, participantId);
    if (!visible || !canAtStudySite(ctx, 'query.read', visible.studySite)) throw notFound('participant');
    const { participant, studySite } = visible;
    if (!canAtStudySite(ctx, 'query.raise', studySite)) throw forbidden();
    const errors: { pointer: string; detail: string }[] = [];
    if (input.visitId && !(await isVisitOf(tx, participant.id, input.visitId)))
      errors.push({ pointer: '/visitId', detail: 'The participant has no such visit.' });
    if (input.assigneeUserId) {
      const assignee = await loadActor(tx, input.assigneeUserId);
      const scope = studySiteScope(studySite);
      if (!assignee || !(can(assignee, 'query.answer', scope) || can(assignee, 'query.raise', scope)))
        errors.push({ pointer: '/assigneeUserId', detail: 'Assign the query to someone who works on queries at this site.' });
    }
    const revealing = await revealingWords(tx, participant.identity_id, participant.study_id, input.text);
    if (revealing) errors.push({ pointer: '/text', detail: `Leave out ${revealing}: queries are read by sponsor monitors.` });
    if (errors.length > 0) throw invalid(errors, errors[0]?.detail);
    const now = ctx.now();
    const scope = input.itemOid ? 'item' : input.formOid ? 'form' : 'participant';
    const values = {
      study_id: participant.study_id,
      study_site_id: participant.study_site_id,
      participant_id: participant.id,
      participant_visit_id: input.visitId ?? null,
      form_oid: input.formOid ?? null,
      item_group_oid: input.itemGroupOid ?? null,
      repeat_key: input.itemOid ? (input.repeatKey ?? 1) : null,
      item_oid: input.itemOid ?? null,
      scope,
      origin: 'manual',
      check_key: null,
      text: input.text,
      assignee_user_id: input.assigneeUserId ?? null,
      due_on: input.dueOn ?? null,
      opened_at: now,
      opened_by_user_id: actorUserId(ctx.actor),
    } as const;
    const id = await insertQuery(tx, values);
    await insertQueryMessage(tx, {
      query_id: id,
      kind: 'question',
      text: input.text,
      author_user_id: actorUserId(ctx.actor),
      author_label: authorLabel(ctx),
      created_at: now,
    });
    await writeAuditEvent(tx, ctx, {
      entityType: 'data_query',
      entityId: id,
      action: 'create',
      changes: Object.entries({
        participantId: values.participant_id,
        visitId: values.participant_visit_id,
        formOid: values.form_oid,
        itemGroupOid: values.item_group_oid,
        repeatKey: values.repeat_key,
        itemOid: values.item_oid,
        origin: values.origin,
        text: values.text,
        assigneeUserId: values.assignee_user_id,
        dueOn: values.due_on,
        status: 'open',
      }).map(([field, value]) => ({ field, old: null, new: value })),
    });
    return unsafeLoadQuery(tx, id, now);
  });
}
