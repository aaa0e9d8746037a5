import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { setImmediate } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import { loadActor } from '../../platform/auth/sessions.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { bulkTransaction } from '../../platform/db/bulk-transaction.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { ImportResult } from './import.schemas.js';
import type { ImportJobProblem } from './import-job.schemas.js';
import { markImportJobStarted, saveImportJobProgress } from './import-jobs.repo.js';
import { type ImportProgress, importParticipants } from './import-participants.js';
import type { ReceivedImport } from './receive-import-upload.js';
import { type ImportJobOutcome, type JobCounts, recordImportJobOutcome } from './record-import-job-outcome.js';

export interface QueuedImport {
  jobId: string;
  userId: string;
  studyId: string;
  studySiteId: string;
  upload: ReceivedImport;
}

export interface LiveProgress extends JobCounts {
  status: 'queued' | 'checking' | 'writing';
}

export interface ImportJobRunner {
  /** Runs the import after the ones before it; the job row must already be committed. */
  enqueue(job: QueuedImport): void;
  /** The progress of a job this server runs, fresher than its row (ADR 0015). */
  liveProgress(jobId: string): LiveProgress | undefined;
  /** Stops a job this server runs or holds, before it commits; false when it is not here. */
  cancel(jobId: string, by: RequestContext): boolean;
  close(): Promise<void>;
}

class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
  }
}

class ImportEndedElsewhere extends Error {
  constructor() {
    super('the job had already ended');
  }
}

interface Entry {
  job: QueuedImport;
  controller: AbortController;
  cancelledBy?: RequestContext;
  progress: LiveProgress;
}

export interface ImportJobRunnerOptions {
  /** Called with each progress report of a job, before the runner looks for a cancel: tests hold a run in a phase with it. */
  onProgress?: (jobId: string, progress: ImportProgress) => Promise<void>;
}

/** How often a run on PostgreSQL writes its progress down and reads the cancel flag. */
const persistEveryMs = 1000;

/**
 * Runs accepted imports one after another in this process, which holds their files. Progress
 * and cancellation live in memory while a job runs: on the embedded database the import's
 * transaction is the one writer, so nothing else may write until it ends (ADR 0015).
 */
export function createImportJobRunner(
  database: Database,
  now: () => Date,
  log: FastifyBaseLogger,
  options: ImportJobRunnerOptions = {},
): ImportJobRunner {
  const entries = new Map<string, Entry>();
  let tail: Promise<void> = Promise.resolve();

  const run = async (entry: Entry) => {
    const { job, controller } = entry;
    const { db } = database;
    const actor = await loadActor(db, job.userId);
    // The uploader's grants as they are now: importParticipants checks them again.
    const ctx: RequestContext = {
      actor: actor ?? { kind: 'anonymous' },
      requestId: `participant-import-job:${job.jobId}`,
      now,
    };
    const counts = () => ({
      rowsTotal: entry.progress.rowsTotal,
      rowsChecked: entry.progress.rowsChecked,
      rowsWritten: entry.progress.rowsWritten,
    });
    let outcome: ImportJobOutcome;
    let committed = false;
    try {
      if (controller.signal.aborted) throw new ImportCancelled();
      // Asked on another server (PostgreSQL) while it waited here: it never starts.
      if ((await markImportJobStarted(db, job.jobId, now())).cancelRequested) throw new ImportCancelled();
      entry.progress.status = 'checking';
      let persistedAt = 0;
      const onProgress = async (progress: ImportProgress) => {
        entry.progress = {
          status: progress.phase,
          rowsTotal: progress.rowsTotal,
          rowsChecked: progress.rowsChecked,
          rowsWritten: progress.rowsWritten,
        };
        await options.onProgress?.(job.jobId, progress);
        if (controller.signal.aborted) throw new ImportCancelled();
        // Another server may be asked to cancel, and show progress: PostgreSQL lets this write
        // beside the open import transaction; the embedded database would make it wait for ever.
        if (database.kind === 'postgresql' && Date.now() - persistedAt >= persistEveryMs) {
          persistedAt = Date.now();
          const saved = await saveImportJobProgress(db, job.jobId, { ...progress, status: progress.phase });
          if (saved.cancelRequested) throw new ImportCancelled();
        }
        await setImmediate();
      };
      const { paths, dryRun } = job.upload;
      const result = await importParticipants(
        db,
        ctx,
        job.studySiteId,
        {
          participants: createReadStream(paths.participants as string),
          visits: paths.visits ? createReadStream(paths.visits) : undefined,
          dryRun,
        },
        job.studyId,
        {
          onProgress,
          // Other writers wait for the embedded database's bulk work anyway (ADR 0014).
          auditEachChunk: database.kind === 'embedded',
          transaction: (work) =>
            bulkTransaction(database, async (tx) => {
              const out = await work(tx);
              if (controller.signal.aborted) throw new ImportCancelled();
              await rm(job.upload.dir, { recursive: true, force: true });
              // Work that returns committed rows: the job's success commits with them, or neither does.
              // A job already ended (failed by a restarted server's sweep) must not commit its rows.
              const recorded = await recordImportJobOutcome(
                tx,
                ctx,
                job.jobId,
                entry.progress.status,
                { status: 'succeeded', result: out as ImportResult },
                counts(),
              );
              if (!recorded) throw new ImportEndedElsewhere();
              committed = true;
              return out;
            }),
        },
      );
      outcome = { status: 'succeeded', result };
    } catch (error) {
      if (error instanceof ImportEndedElsewhere) {
        log.warn({ jobId: job.jobId }, 'A participant import job ended before its import committed: rolled back');
        await rm(job.upload.dir, { recursive: true, force: true });
        return;
      }
      outcome =
        error instanceof ImportCancelled || controller.signal.aborted
          ? { status: 'cancelled', cancelledBy: entry.cancelledBy }
          : { status: 'failed', problem: problemOf(error, job.jobId, log) };
    }
    // Before the outcome is visible: a job seen ended holds no files.
    await rm(job.upload.dir, { recursive: true, force: true });
    if (!committed) {
      const from = entry.progress.status;
      await database.db.transaction().execute((tx) => recordImportJobOutcome(tx, ctx, job.jobId, from, outcome, counts()));
    }
  };

  return {
    enqueue(job) {
      const entry: Entry = {
        job,
        controller: new AbortController(),
        progress: { status: 'queued', rowsTotal: null, rowsChecked: 0, rowsWritten: 0 },
      };
      entries.set(job.jobId, entry);
      tail = tail.then(async () => {
        try {
          await run(entry);
        } catch (err) {
          log.error({ err, jobId: job.jobId }, 'A participant import job could not record how it ended');
        } finally {
          entries.delete(job.jobId);
          await rm(job.upload.dir, { recursive: true, force: true });
        }
      });
    },
    liveProgress: (jobId) => entries.get(jobId)?.progress,
    cancel(jobId, by) {
      const entry = entries.get(jobId);
      if (!entry) return false;
      entry.cancelledBy ??= by;
      entry.controller.abort();
      return true;
    },
    async close() {
      for (const entry of entries.values()) entry.controller.abort();
      await tail;
    },
  };
}

function problemOf(error: unknown, jobId: string, log: FastifyBaseLogger): ImportJobProblem {
  if (error instanceof AppError) {
    return {
      type: 'about:blank',
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(error.errors.length > 0 ? { errors: error.errors } : {}),
    };
  }
  log.error({ err: error, jobId }, 'A participant import job failed');
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'The import stopped on an error on our side; nothing was written. The job id identifies it in the logs.',
  };
}
