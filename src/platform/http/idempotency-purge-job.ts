import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { purgeExpiredIdempotencyKeys } from './idempotency-store.js';

const hour = 60 * 60 * 1000;

interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The hourly purge of `serve`, run once at start too. Expired keys are already ignored when a
 * request comes; the purge exists because their stored answers may show what their user saw
 * (names, arms) and must not outlive their use. Returns a function that stops it.
 */
export function startIdempotencyPurgeJob(db: Kysely<DB>, logger: JobLogger, intervalMs = hour): () => void {
  const run = async () => {
    try {
      const purged = await purgeExpiredIdempotencyKeys(db, new Date());
      if (purged > 0) logger.info({ job: 'idempotency-purge', purged }, `Purged ${purged} expired Idempotency-Key(s)`);
    } catch (error) {
      logger.error({ job: 'idempotency-purge', err: error }, 'The Idempotency-Key purge failed; it runs again next hour');
    }
  };
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
