import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, invalid, notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleInvitation, type InvitationJoined, invitationScope, toInvitationDetail, toResponse } from './invitation.repo.js';
import type { InvitationDetail } from './invitation.schemas.js';
import type { Question } from './questionnaire.schemas.js';
import { answerProblems, storedAnswers } from './validate-answers.js';

const responseAuditIgnore = ['id', 'version', 'createdAt', 'updatedAt'];

/** Loads an invitation for answering: feasibility.answer is held by site-side roles only (roles.ts). */
async function loadForAnswering(tx: Kysely<DB>, ctx: RequestContext, id: string, expectedVersion: number): Promise<InvitationJoined> {
  const row = await findVisibleInvitation(tx, ctx, id);
  if (!row) throw notFound('invitation');
  assertCan(ctx, 'feasibility.answer', invitationScope(row));
  if (row.response_version !== expectedVersion) throw preconditionFailed();
  if (row.response_status === 'submitted') throw conflict('These answers were submitted and can no longer change.');
  return row;
}

/** Saves the site's answers as a draft (PUT: the whole set); types are checked, required ones wait for submission. */
export async function saveAnswers(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  answers: Record<string, unknown>,
): Promise<InvitationDetail> {
  return db.transaction().execute(async (tx) => {
    const row = await loadForAnswering(tx, ctx, id, expectedVersion);
    const problems = answerProblems(row.questions as Question[], answers, 'draft');
    if (problems.length > 0) throw invalid(problems);
    return writeResponse(tx, ctx, row, { answers: JSON.stringify(storedAnswers(answers)) }, 'update');
  });
}

/** Submits the saved answers: every required question answered, every answer of its type. */
export async function submitAnswers(db: Kysely<DB>, ctx: RequestContext, id: string, expectedVersion: number): Promise<InvitationDetail> {
  return db.transaction().execute(async (tx) => {
    const row = await loadForAnswering(tx, ctx, id, expectedVersion);
    const problems = answerProblems(row.questions as Question[], row.answers as Record<string, unknown>, 'submit');
    if (problems.length > 0) throw invalid(problems, 'The answers are not complete.');
    return writeResponse(
      tx,
      ctx,
      row,
      { status: 'submitted', submitted_at: ctx.now(), submitted_by: actorUserId(ctx.actor) },
      'status_change',
    );
  });
}

async function writeResponse(
  tx: Kysely<DB>,
  ctx: RequestContext,
  row: InvitationJoined,
  columns: Record<string, unknown>,
  action: 'update' | 'status_change',
): Promise<InvitationDetail> {
  await updateVersioned(tx, 'feasibility_responses', row.response_id, row.response_version, columns, ctx.now());
  const updated = await findVisibleInvitation(tx, ctx, row.id);
  if (!updated) throw notFound('invitation');
  await writeAuditEvent(tx, ctx, {
    entityType: 'feasibility_response',
    entityId: row.response_id,
    action,
    changes: diffChanges(toResponse(row), toResponse(updated), responseAuditIgnore),
  });
  return toInvitationDetail(ctx, updated);
}
