import { systemContext } from '../../platform/context.js';
import { defineJob } from '../../platform/jobs/job-definition.js';
import { detectMissedVisits } from './detect-missed-visits.js';

/**
 * Hourly, once across all servers. Sites' days end at different hours, so an hourly pass marks
 * a visit missed within an hour of its site's midnight. Safe to run again: a visit is marked
 * once, each in its own transaction, so one failure does not hold back the others.
 */
export const missedVisitCheckJob = defineJob({
  name: 'missed-visit-check',
  every: { seconds: 60 * 60 },
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  transactional: false,
  async handle(_job, db) {
    const now = new Date();
    const result = await detectMissedVisits(
      db,
      systemContext('missed-visit-check', () => now),
      now,
    );
    return result.missed > 0 ? { message: `Marked ${result.missed} visit(s) missed`, details: result } : undefined;
  },
});
