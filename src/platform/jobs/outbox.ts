import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { JobDefinition } from './job-definition.js';
import { jobQueue } from './job-queue.js';
import { queueSql } from './queue-sql.js';

/** Sends only with the caller's transaction (`db` option), never on a connection of its own. */
const sender = jobQueue(null as unknown as Kysely<DB>);

/**
 * The outbox: writes a job row in the caller's transaction, so the job exists only if that
 * transaction commits, and a runner handles it after the commit. A transactional job's effects
 * and its completion commit together: it is handled once.
 */
export async function enqueueAfterCommit<Data extends object>(tx: Kysely<DB>, job: JobDefinition<Data>, data: Data): Promise<string> {
  if (!tx.isTransaction) throw new Error(`${job.name}: enqueueAfterCommit needs the transaction whose commit it follows`);
  const id = await sender.send(job.name, data, { db: queueSql(tx) });
  if (!id) throw new Error(`${job.name}: no such job queue (prepareJobQueues creates it)`);
  return id;
}
