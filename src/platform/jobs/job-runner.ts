import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { DB } from '../db/schema.js';
import type { AnyJobDefinition, JobLogger, JobOutcome } from './job-definition.js';
import { jobQueue } from './job-queue.js';
import { queueSql } from './queue-sql.js';

export interface JobRunnerOptions {
  logger: JobLogger;
  /** How often each queue is asked for work (pg-boss polls; at least 0.5 s). */
  pollingIntervalSeconds?: number;
  /** How often this runner offers the current window of each scheduled job. */
  scheduleCheckSeconds?: number;
}

export interface JobRunner {
  stop(): Promise<void>;
}

/** Parked jobs stay beside the live ones for a month, for the platform admin to see and retry. */
const parkedForSeconds = 30 * 24 * 60 * 60;

/**
 * Works every queue and offers each scheduled job's current window, on the app's own database
 * path. Any number of servers may run one: pg-boss hands each job to one of them (SKIP LOCKED),
 * and a window's job is inserted once (its unique singleton index), so each window runs once.
 */
export async function startJobRunner(db: Kysely<DB>, jobs: AnyJobDefinition[], options: JobRunnerOptions): Promise<JobRunner> {
  const { logger, pollingIntervalSeconds = 2, scheduleCheckSeconds = 30 } = options;
  const boss = jobQueue(db, { supervise: true, archiveFailedAfterSeconds: parkedForSeconds });
  boss.on('error', (err) => logger.error({ err }, 'Background jobs: the queue reported an error'));
  await boss.start();
  for (const job of jobs) {
    await boss.work<object>(job.name, { pollingIntervalSeconds, batchSize: 1 }, async ([taken]) => {
      if (taken) return runJob(db, boss, job, taken, logger);
    });
  }
  const scheduled = jobs.filter((job) => job.every);
  const offerWindows = async () => {
    for (const job of scheduled) {
      try {
        await boss.send(job.name, {}, { singletonSeconds: job.every?.seconds });
      } catch (err) {
        logger.error({ err, job: job.name }, `Background jobs: the ${job.name} window could not be offered`);
      }
    }
  };
  await offerWindows();
  const timer = scheduled.length ? setInterval(() => void offerWindows(), scheduleCheckSeconds * 1000) : undefined;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await boss.stop({ graceful: true, close: false, timeout: 10_000 });
    },
  };
}

async function runJob(
  db: Kysely<DB>,
  boss: PgBoss,
  job: AnyJobDefinition,
  taken: PgBoss.Job<object>,
  logger: JobLogger,
): Promise<JobOutcome> {
  const running = { id: taken.id, data: taken.data };
  try {
    const outcome = job.transactional
      ? await db.transaction().execute(async (tx) => {
          const result = await job.handle(running, tx);
          // Done in the handler's transaction: a crash before the commit leaves it to run again, never twice.
          await boss.complete(job.name, taken.id, result ?? {}, { db: queueSql(tx) });
          return result;
        })
      : await job.handle(running, db);
    if (outcome) logger.info({ job: job.name, jobId: taken.id, ...outcome.details }, outcome.message);
    return outcome;
  } catch (err) {
    logger.warn({ err, job: job.name, jobId: taken.id }, `The ${job.name} job failed: it is retried, or parked once out of retries`);
    throw err;
  }
}
