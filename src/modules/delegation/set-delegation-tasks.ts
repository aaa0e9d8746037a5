import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import type { CreateDelegationTask, DelegationTask, UpdateDelegationTask } from './delegation.schemas.js';
import {
  defaultDelegationTasks,
  deleteDelegationTaskRow,
  findDelegationTask,
  insertDelegationTask,
  listDelegationTasks,
  toDelegationTask,
  unsafeIsTaskInUse,
} from './delegation-task.repo.js';

const taskAuditIgnore = ['id', 'version', 'createdAt', 'updatedAt'];

/** The task list is part of the study's set-up: its managers keep it (study.update), not the sites. */
async function loadStudyForSetUp(tx: Kysely<DB>, ctx: RequestContext, studyId: string) {
  const study = await findVisibleStudy(tx, ctx, studyId);
  if (!study) throw notFound('study');
  assertCan(ctx, 'study.update', studyScope(study));
  return study;
}

async function insertTask(
  tx: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  input: Omit<CreateDelegationTask, 'reason'>,
  reason?: string | null,
) {
  const row = await insertDelegationTask(tx, {
    study_id: studyId,
    code: input.code,
    label: input.label,
    requires_licence: input.requiresLicence,
    required_training: JSON.stringify(input.requiredTraining),
  });
  const task = toDelegationTask(row);
  await writeAuditEvent(tx, ctx, {
    entityType: 'delegation_task',
    entityId: row.id,
    action: 'create',
    changes: diffChanges(null, task, taskAuditIgnore),
    reason,
  });
  return task;
}

const duplicateCode = { delegation_tasks_study_id_code_key: { pointer: '/code', detail: "The study's list has this code already." } };

export async function createDelegationTask(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  { reason, ...input }: CreateDelegationTask,
): Promise<DelegationTask> {
  try {
    return await db.transaction().execute(async (tx) => {
      await loadStudyForSetUp(tx, ctx, studyId);
      return insertTask(tx, ctx, studyId, input, reason);
    });
  } catch (error) {
    rethrowUniqueViolation(error, duplicateCode);
  }
}

/** Adds the default tasks the study does not have yet (by code); running it again adds nothing. */
export async function seedDefaultDelegationTasks(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<DelegationTask[]> {
  return db.transaction().execute(async (tx) => {
    await loadStudyForSetUp(tx, ctx, studyId);
    const existing = new Set((await listDelegationTasks(tx, ctx, studyId)).map((t) => t.code));
    for (const task of defaultDelegationTasks) {
      if (!existing.has(task.code)) await insertTask(tx, ctx, studyId, task, 'Default delegation tasks');
    }
    return (await listDelegationTasks(tx, ctx, studyId)).map(toDelegationTask);
  });
}

export async function updateDelegationTask(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; taskId: string },
  expectedVersion: number,
  { reason, ...input }: UpdateDelegationTask,
): Promise<DelegationTask> {
  return db.transaction().execute(async (tx) => {
    await loadStudyForSetUp(tx, ctx, ids.studyId);
    const current = await findDelegationTask(tx, ctx, ids.studyId, ids.taskId);
    if (!current) throw notFound('delegation task');
    if (current.version !== expectedVersion) throw preconditionFailed();
    const columns = toColumns(
      { ...input, requiredTraining: input.requiredTraining && JSON.stringify(input.requiredTraining) },
      { label: 'label', requiresLicence: 'requires_licence', requiredTraining: 'required_training' },
    );
    await updateVersioned(tx, 'delegation_tasks', current.id, expectedVersion, columns, ctx.now());
    const row = await findDelegationTask(tx, ctx, ids.studyId, ids.taskId);
    if (!row) throw notFound('delegation task');
    const after = toDelegationTask(row);
    await writeAuditEvent(tx, ctx, {
      entityType: 'delegation_task',
      entityId: row.id,
      action: 'update',
      changes: diffChanges(toDelegationTask(current), after, taskAuditIgnore),
      reason,
    });
    return after;
  });
}

/** A task some entry of the log names stays: the log must keep saying what was delegated. */
export async function deleteDelegationTask(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; taskId: string },
  reason?: string | null,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await loadStudyForSetUp(tx, ctx, ids.studyId);
    const current = await findDelegationTask(tx, ctx, ids.studyId, ids.taskId);
    if (!current) throw notFound('delegation task');
    if (await unsafeIsTaskInUse(tx, ids.studyId, current.code))
      throw conflict('An entry of a delegation log names this task; change its label instead of removing it.');
    await deleteDelegationTaskRow(tx, current);
    await writeAuditEvent(tx, ctx, {
      entityType: 'delegation_task',
      entityId: current.id,
      action: 'delete',
      changes: diffChanges(toDelegationTask(current), null, taskAuditIgnore),
      reason,
    });
  });
}
