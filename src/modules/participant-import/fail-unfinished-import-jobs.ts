import { rm } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { type RequestContext, systemContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ImportJobProblem } from './import-job.schemas.js';
import { type ImportJobStatus, unsafeFindUnfinishedImportJobs } from './import-jobs.repo.js';
import { importUploadDir } from './receive-import-upload.js';
import { recordImportJobOutcome } from './record-import-job-outcome.js';

export const stoppedBeforeEnd: ImportJobProblem = {
  type: 'about:blank',
  title: 'Import Stopped',
  status: 503,
  detail: 'The server stopped before the import finished; nothing was written. Upload the files again.',
};

/**
 * At server start, before any import is accepted: a job still queued, checking or writing was
 * run by a process that has stopped (its transaction rolled back, its progress lived in its
 * memory), so it ends 'failed', audited, and its uploaded files are deleted. A job that a live
 * server still runs is rolled back by that server when it tries to commit (ADR 0015).
 */
export async function failUnfinishedImportJobs(db: Kysely<DB>, now: () => Date, stagingDir: string): Promise<string[]> {
  const ctx: RequestContext = systemContext('participant-import-restart', now);
  const failed: string[] = [];
  // Accepted before this server started: by a server that has stopped, when there is one server.
  for (const job of await unsafeFindUnfinishedImportJobs(db, now())) {
    const ended = await db
      .transaction()
      .execute((tx) =>
        recordImportJobOutcome(
          tx,
          ctx,
          job.id,
          job.status as ImportJobStatus,
          { status: 'failed', problem: stoppedBeforeEnd },
          { rowsTotal: job.rows_total, rowsChecked: job.rows_checked, rowsWritten: 0 },
        ),
      );
    await rm(importUploadDir(stagingDir, job.id), { recursive: true, force: true });
    if (ended) failed.push(job.id);
  }
  return failed;
}
