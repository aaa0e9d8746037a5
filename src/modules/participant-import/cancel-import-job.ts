import type { RequestContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { canAtStudySite } from '../participants/participant-access.repo.js';
import type { ImportJobRunner } from './import-job-runner.js';
import { findVisibleImportJob, type ImportJobRow, type ImportJobStatus } from './import-jobs.repo.js';
import { recordImportCancelRequest, recordImportJobOutcome } from './record-import-job-outcome.js';

/**
 * Stops an import before it commits: the whole import rolls back and the job ends 'cancelled'.
 * The running import is stopped in memory; where it runs decides who writes that down (ADR 0015).
 */
export async function cancelImportJob(
  database: Database,
  runner: ImportJobRunner,
  ctx: RequestContext,
  jobId: string,
): Promise<ImportJobRow> {
  const { db } = database;
  const found = await findVisibleImportJob(db, ctx, jobId);
  if (!found) throw notFound('import job');
  if (!canAtStudySite(ctx, 'participant.write', found.studySite)) throw forbidden();
  const { job } = found;
  if (job.status === 'succeeded' || job.status === 'failed')
    throw conflict(`This import has already ${job.status}: only a queued or running import can be cancelled.`);
  if (job.status === 'cancelled') return job;
  // Running here, it stops at its next chunk and records who asked with how it ended. Writing the
  // request now would wait: on the embedded database for the import's transaction (the one
  // writer), on PostgreSQL for the audit chain's lock that the import's audit rows hold.
  if (runner.cancel(jobId, ctx)) return job;
  await db.transaction().execute(async (tx) => {
    if (database.kind === 'postgresql') {
      // The server running it (another one) reads this flag between chunks.
      await recordImportCancelRequest(tx, ctx, jobId);
    } else {
      // Embedded and not running here: no process holds it (one was stopped mid-run), so it ends now.
      await recordImportJobOutcome(
        tx,
        ctx,
        jobId,
        job.status as ImportJobStatus,
        { status: 'cancelled', cancelledBy: ctx },
        {
          rowsTotal: job.rows_total,
          rowsChecked: job.rows_checked,
          rowsWritten: 0,
        },
      );
    }
  });
  return job;
}
