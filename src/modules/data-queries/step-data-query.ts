import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { Permission } from '../../platform/auth/roles.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, forbidden, invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { canAtStudySite, findVisibleParticipant } from '../participants/participant-access.repo.js';
import { revealingWords } from '../visits/revealing-words.js';
import { authorLabel } from './author-label.js';
import { type DataQueryRow, findQueryRow, insertQueryMessage, unsafeLoadQuery } from './data-query.repo.js';
import type { DataQueryWithMessages, QueryAction, QueryStatus, QueryStep } from './data-query.schemas.js';

/**
 * A query's life: the site answers an open query; whoever raises queries closes it when the
 * answer (or a corrected value) settles it, or re-opens an answered or closed one with what is
 * still unclear. Each step is a message in the conversation and an audit row.
 */
const steps: Record<QueryAction, { from: readonly QueryStatus[]; to: QueryStatus; permission: Permission }> = {
  answer: { from: ['open', 'answered'], to: 'answered', permission: 'query.answer' },
  close: { from: ['open', 'answered'], to: 'closed', permission: 'query.close' },
  reopen: { from: ['answered', 'closed'], to: 'open', permission: 'query.raise' },
};

export async function stepDataQuery(
  db: Kysely<DB>,
  ctx: RequestContext,
  queryId: string,
  expectedVersion: number,
  input: QueryStep,
): Promise<DataQueryWithMessages> {
  return db.transaction().execute(async (tx) => {
    const row = await findQueryRow(tx, queryId, { lock: true });
    const visible = row && (await findVisibleParticipant(tx, ctx, row.participant_id));
    if (!row || !visible || !canAtStudySite(ctx, 'query.read', visible.studySite)) throw notFound('query');
    const step = steps[input.action];
    if (!canAtStudySite(ctx, step.permission, visible.studySite)) throw forbidden();
    if (row.version !== expectedVersion) throw preconditionFailed();
    if (!step.from.includes(row.status as QueryStatus))
      throw conflict(`A query that is ${row.status} cannot be given the step "${input.action}".`);
    const revealing = await revealingWords(tx, visible.participant.identity_id, row.study_id, input.text);
    if (revealing) throw invalidField('/text', `Leave out ${revealing}: queries are read by sponsor monitors.`);
    await moveQuery(tx, ctx, row, input.action, input.text);
    return unsafeLoadQuery(tx, row.id, ctx.now());
  });
}

/** Moves a query one step (already allowed), with its message and audit row: also what edit checks call. */
export async function moveQuery(tx: Kysely<DB>, ctx: RequestContext, row: DataQueryRow, action: QueryAction, text: string): Promise<void> {
  const now = ctx.now();
  const to = steps[action].to;
  const changes = {
    status: to,
    ...(action === 'answer' ? { answered_at: now } : {}),
    ...(action === 'close' ? { closed_at: now, closed_by_user_id: actorUserId(ctx.actor) } : {}),
    ...(action === 'reopen' ? { closed_at: null, closed_by_user_id: null } : {}),
  };
  // The row is locked (findQueryRow with lock, or the reconcile's FOR UPDATE): its version is current.
  await updateVersioned(tx, 'data_queries', row.id, row.version, changes, now);
  await insertQueryMessage(tx, {
    query_id: row.id,
    kind: action,
    text,
    author_user_id: actorUserId(ctx.actor),
    author_label: authorLabel(ctx),
    created_at: now,
  });
  await writeAuditEvent(tx, ctx, {
    entityType: 'data_query',
    entityId: row.id,
    action: 'status_change',
    changes: [
      { field: 'status', old: row.status, new: to },
      { field: action, old: null, new: text },
    ],
  });
}
