import type { Kysely } from 'kysely';
import type { FieldChange } from '../../platform/audit/audit-events.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ImportResult } from './import.schemas.js';
import type { ImportJobProblem } from './import-job.schemas.js';
import { finishImportJob, type ImportJobStatus, saveImportCancelRequest } from './import-jobs.repo.js';

export interface JobCounts {
  rowsTotal: number | null;
  rowsChecked: number;
  rowsWritten: number;
}

export type ImportJobOutcome =
  | { status: 'succeeded'; result: ImportResult }
  | { status: 'failed'; problem: ImportJobProblem }
  | { status: 'cancelled'; cancelledBy?: RequestContext };

/**
 * Ends a job and audits how it ended, in `tx`. A real import's success is recorded in the
 * import's own transaction, so the job says 'succeeded' exactly when its rows committed.
 * The job acts for the user who uploaded the files (`ctx`); a cancellation also records who asked.
 * Answers false when the job had already ended, and records nothing then.
 */
export async function recordImportJobOutcome(
  tx: Kysely<DB>,
  ctx: RequestContext,
  jobId: string,
  from: ImportJobStatus,
  outcome: ImportJobOutcome,
  counts: JobCounts,
): Promise<boolean> {
  const finishedAt = ctx.now();
  if (outcome.status === 'cancelled' && outcome.cancelledBy) await recordImportCancelRequest(tx, outcome.cancelledBy, jobId);
  const finished = await finishImportJob(tx, jobId, {
    status: outcome.status,
    finishedAt,
    result: outcome.status === 'succeeded' ? outcome.result : undefined,
    problem: outcome.status === 'failed' ? outcome.problem : undefined,
    rowsTotal: counts.rowsTotal,
    rowsChecked: counts.rowsChecked,
    rowsWritten: outcome.status === 'succeeded' ? counts.rowsWritten : 0,
  });
  // Already ended (a second server's run, a cancel that crossed the finish): nothing more to record.
  if (!finished) return false;
  const changes: FieldChange[] = [{ field: 'status', old: from, new: outcome.status }];
  if (outcome.status === 'succeeded') {
    const { participants, consents, visitsScheduled, visitsRecorded, dryRun } = outcome.result;
    changes.push({ field: 'result', old: null, new: { dryRun, participants, consents, visitsScheduled, visitsRecorded } });
  }
  if (outcome.status === 'failed')
    changes.push({ field: 'problem', old: null, new: { status: outcome.problem.status, errors: outcome.problem.errors?.length ?? 0 } });
  await writeAuditEvent(tx, ctx, { entityType: 'participant_import_job', entityId: jobId, action: 'status_change', changes });
  return true;
}

/** Who asked to cancel, and when: audited once, however many times they asked. */
export async function recordImportCancelRequest(tx: Kysely<DB>, by: RequestContext, jobId: string): Promise<void> {
  if (by.actor.kind !== 'user') return;
  const at = by.now();
  if (!(await saveImportCancelRequest(tx, jobId, by.actor.userId, at))) return;
  await writeAuditEvent(tx, by, {
    entityType: 'participant_import_job',
    entityId: jobId,
    action: 'update',
    changes: [{ field: 'cancelRequestedAt', old: null, new: at.toISOString() }],
  });
}
