import type { Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { DB } from '../db/schema.js';
import type { AnyJobDefinition } from './job-definition.js';
import { queueSql } from './queue-sql.js';

/** pg-boss keeps its tables in their own schema, apart from Trialdesk's. */
export const jobSchema = 'pgboss';

/**
 * A pg-boss over the app's database. Its timekeeper (cron) is off: schedules are windows
 * offered by every runner (job-runner.ts). Maintenance is off unless a runner turns it on.
 */
export function jobQueue(db: Kysely<DB>, options: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
  return new PgBoss({ db: queueSql(db), schema: jobSchema, schedule: false, supervise: false, migrate: true, ...options });
}

/** A queue's settings from its definition: scheduled jobs never run two at once (policy 'singleton'). */
function queueOptions(job: AnyJobDefinition): PgBoss.Queue {
  return {
    name: job.name,
    policy: job.every ? 'singleton' : 'standard',
    retryLimit: job.retry.limit,
    retryDelay: job.retry.delaySeconds,
    retryBackoff: job.retry.backoff,
    // A run of a scheduled job may take up to its window; other jobs fail after 15 minutes.
    expireInSeconds: job.every ? job.every.seconds : 15 * 60,
  };
}

/**
 * Installs or upgrades pg-boss's tables and creates a queue per job, or brings its retry settings
 * up to date. Runs where the schema is prepared (start-up, the CLI, the test template): a job
 * enqueued after commit needs its queue to exist already, or pg-boss would drop it.
 */
export async function prepareJobQueues(db: Kysely<DB>, jobs: AnyJobDefinition[]): Promise<void> {
  const boss = jobQueue(db);
  await boss.start();
  try {
    for (const job of jobs) {
      const options = queueOptions(job);
      await boss.createQueue(job.name, options);
      await boss.updateQueue(job.name, options);
    }
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
}
