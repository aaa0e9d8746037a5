import type { Kysely } from 'kysely';
import { systemContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { detectMissedVisits } from './detect-missed-visits.js';

const hour = 60 * 60 * 1000;

interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The hourly missed-visit sweep of `serve`, run once at start too. Sites' days end at different
 * hours, so an hourly pass marks a visit missed within an hour of its site's midnight. Returns
 * a function that stops it.
 */
export function startMissedVisitJob(db: Kysely<DB>, logger: JobLogger, intervalMs = hour): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const now = new Date();
      const result = await detectMissedVisits(
        db,
        systemContext('missed-visit-check', () => now),
        now,
      );
      if (result.missed > 0) logger.info({ job: 'missed-visit-check', ...result }, `Marked ${result.missed} visit(s) missed`);
    } catch (error) {
      logger.error({ job: 'missed-visit-check', err: error }, 'The missed-visit check failed; it runs again next hour');
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
