import type { Kysely } from 'kysely';
import { systemContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { type JobLogger, startPeriodicJob } from '../../platform/periodic-job.js';
import { detectMissedVisits } from './detect-missed-visits.js';

/**
 * The hourly missed-visit sweep of `serve`, run once at start too. Sites' days end at different
 * hours, so an hourly pass marks a visit missed within an hour of its site's midnight. Returns
 * a function that stops it.
 */
export function startMissedVisitJob(db: Kysely<DB>, logger: JobLogger, intervalMs?: number): () => void {
  return startPeriodicJob(
    'missed-visit-check',
    logger,
    async () => {
      const now = new Date();
      const result = await detectMissedVisits(
        db,
        systemContext('missed-visit-check', () => now),
        now,
      );
      return result.missed > 0 ? { message: `Marked ${result.missed} visit(s) missed`, details: result } : undefined;
    },
    intervalMs,
  );
}
