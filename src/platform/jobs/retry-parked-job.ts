import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../audit/write-audit-event.js';
import type { RequestContext } from '../context.js';
import type { DB } from '../db/schema.js';
import { notFound } from '../errors.js';
import { jobQueue } from './job-queue.js';
import { findParkedJob } from './parked-jobs.repo.js';
import { queueSql } from './queue-sql.js';

const retrier = jobQueue(null as unknown as Kysely<DB>);

/**
 * Sends a parked job back to its queue for one more attempt (pg-boss raises its retry limit by
 * one), audited in the same transaction: who retried what, and when.
 */
export async function retryParkedJob(db: Kysely<DB>, ctx: RequestContext, jobId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const job = await findParkedJob(tx, jobId);
    if (!job) throw notFound('parked job');
    await retrier.retry(job.name, job.id, { db: queueSql(tx) });
    await writeAuditEvent(tx, ctx, {
      entityType: 'background_job',
      entityId: job.id,
      action: 'status_change',
      changes: [
        { field: 'job', old: null, new: job.name },
        { field: 'state', old: 'failed', new: 'retry' },
      ],
      reason: `Retried after ${job.retry_count + 1} failed attempt(s).`,
    });
  });
}
