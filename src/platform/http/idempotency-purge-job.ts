import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { type JobLogger, startPeriodicJob } from '../periodic-job.js';
import { purgeExpiredIdempotencyKeys } from './idempotency-store.repo.js';

/**
 * The hourly purge of `serve`, run once at start too. Expired keys are already ignored when a
 * request comes; the purge exists because their stored answers may show what their user saw
 * (names, arms) and must not outlive their use. Returns a function that stops it.
 */
export function startIdempotencyPurgeJob(db: Kysely<DB>, logger: JobLogger, intervalMs?: number): () => void {
  return startPeriodicJob(
    'idempotency-purge',
    logger,
    async () => {
      const purged = await purgeExpiredIdempotencyKeys(db, new Date());
      return purged > 0 ? { message: `Purged ${purged} expired Idempotency-Key(s)`, details: { purged } } : undefined;
    },
    intervalMs,
  );
}
