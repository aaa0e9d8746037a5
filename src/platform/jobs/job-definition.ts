import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface JobLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RunningJob<Data> {
  id: string;
  data: Data;
}

/** What a run reports for the log; nothing is logged when a run had nothing to do. */
export type JobOutcome = { message: string; details?: object } | undefined;

/**
 * A kind of background work. Its name is its queue's name in the database (letters, digits and
 * hyphens). A failed run is retried `retry.limit` times, after `retry.delaySeconds`, doubling
 * each time with `retry.backoff`; then the job is parked (state 'failed') for the platform
 * admin to see on the Background jobs page, and to retry.
 */
export interface JobDefinition<Data extends object = Record<string, never>> {
  name: string;
  /**
   * Scheduled work: one run per window of this many seconds (windows counted from the epoch,
   * so an hourly job's window is a UTC hour), however many servers share the database.
   */
  every?: { seconds: number };
  retry: { limit: number; delaySeconds: number; backoff: boolean };
  /**
   * true: `handle` gets a transaction, and the job is marked done in that same transaction, so
   * its writes happen exactly once. false: `handle` gets the database, commits as it likes and
   * must be safe to run again (a server stopped mid-run leaves the job to be retried).
   */
  transactional: boolean;
  handle(job: RunningJob<Data>, db: Kysely<DB>): Promise<JobOutcome>;
}

/** Job definitions of any payload, as the runner lists them. */
// biome-ignore lint/suspicious/noExplicitAny: a list holds definitions of different payloads.
export type AnyJobDefinition = JobDefinition<any>;

export function defineJob<Data extends object = Record<string, never>>(definition: JobDefinition<Data>): JobDefinition<Data> {
  return definition;
}
