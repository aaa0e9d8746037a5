import type { Kysely } from 'kysely';
import type { AuditAnchorConfig } from '../config.js';
import type { DB } from '../db/schema.js';
import { type JobLogger, startPeriodicJob } from '../periodic-job.js';
import { writeAuditAnchor } from './write-audit-anchor.js';

const minute = 60 * 1000;

/**
 * Anchors the audit chain's head every minute while `serve` runs (once at start too), so rows
 * deleted from the end of the chain are found by `audit verify`, bar the last minute's. `stop`
 * anchors once more after the server stopped taking requests and before the database closes.
 */
export function startAuditAnchorJob(
  db: Kysely<DB>,
  config: AuditAnchorConfig,
  logger: JobLogger,
  intervalMs = minute,
): { stop(): Promise<void> } {
  const stopTimer = startPeriodicJob(
    'audit-anchor',
    logger,
    async () => {
      const written = await writeAuditAnchor(db, config);
      if (!written || written.previous?.seq === written.anchor.seq) return undefined;
      const { seq, hash, rows } = written.anchor;
      return { message: `Audit chain anchored at row ${seq}`, details: { seq, hash, rows } };
    },
    intervalMs,
  );
  return {
    async stop() {
      stopTimer();
      try {
        const written = await writeAuditAnchor(db, config);
        if (written) {
          const { seq, hash, rows } = written.anchor;
          logger.info({ job: 'audit-anchor', seq, hash, rows }, `Audit chain anchored at shutdown at row ${seq}`);
        }
      } catch (error) {
        logger.error({ job: 'audit-anchor', err: error }, 'The audit chain could not be anchored at shutdown');
      }
    },
  };
}
