import { defineJob } from '../jobs/job-definition.js';
import { purgeExpiredIdempotencyKeys } from './idempotency-store.repo.js';

/**
 * Hourly, once across all servers. Expired keys are already ignored when a request comes; the
 * purge exists because their stored answers may show what their user saw (names, arms) and
 * must not outlive their use. Deleting what expired is safe to run again.
 */
export const idempotencyPurgeJob = defineJob({
  name: 'idempotency-purge',
  every: { seconds: 60 * 60 },
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  transactional: false,
  async handle(_job, db) {
    const purged = await purgeExpiredIdempotencyKeys(db, new Date());
    return purged > 0 ? { message: `Purged ${purged} expired Idempotency-Key(s)`, details: { purged } } : undefined;
  },
});
