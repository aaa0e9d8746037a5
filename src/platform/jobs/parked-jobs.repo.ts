import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { jobSchema } from './job-queue.js';

export interface ParkedJobRow {
  id: string;
  name: string;
  error: string | null;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
}

const jobTable = sql.table(`${jobSchema}.job`);

/**
 * Jobs out of retries (pg-boss's state 'failed'), newest first. Their payload is left out: it
 * names records, and the page needs only what failed and when. The error is the thrown message,
 * or pg-boss's own when a run timed out.
 */
export async function listParkedJobs(db: Kysely<DB>, limit: number): Promise<{ rows: ParkedJobRow[]; total: number }> {
  const { rows } = await sql<ParkedJobRow>`
    select id, name, coalesce(output->>'message', output->'value'->>'message') as error,
      retry_count, retry_limit, created_on, started_on, completed_on
    from ${jobTable} where state = 'failed'
    order by completed_on desc, id limit ${limit}`.execute(db);
  const counted = await sql<{ total: string }>`select count(*) as total from ${jobTable} where state = 'failed'`.execute(db);
  return { rows, total: Number(counted.rows[0]?.total ?? 0) };
}

/** The queue of a parked job, or undefined when no parked job has this id. */
export async function findParkedJob(db: Kysely<DB>, id: string): Promise<{ id: string; name: string; retry_count: number } | undefined> {
  const { rows } = await sql<{ id: string; name: string; retry_count: number }>`
    select id, name, retry_count from ${jobTable} where id = ${id} and state = 'failed'`.execute(db);
  return rows[0];
}
