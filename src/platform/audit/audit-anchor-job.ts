import type { Kysely } from 'kysely';
import type { AuditAnchorConfig } from '../config.js';
import type { DB } from '../db/schema.js';
import { writeAuditAnchor } from './write-audit-anchor.js';

const minute = 60 * 1000;

export interface AnchorLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Anchors the audit chain's head every minute while `serve` runs (once at start too), so rows
 * deleted from the end of the chain are found by `audit verify`, bar the last minute's. `stop`
 * waits for a write in progress, then anchors once more after the server stopped taking
 * requests and before the database closes.
 *
 * A timer of this server, not a queued job: each server anchors into its own data directory,
 * where a queue would run the window on one server only.
 */
export function startAuditAnchorJob(
  db: Kysely<DB>,
  config: AuditAnchorConfig,
  logger: AnchorLogger,
  intervalMs = minute,
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const anchor = async (when: 'periodic' | 'shutdown') => {
    const written = await writeAuditAnchor(db, config);
    if (!written) return;
    const { seq, hash, rows } = written.anchor;
    if (when === 'shutdown') logger.info({ job: 'audit-anchor', seq, hash, rows }, `Audit chain anchored at shutdown at row ${seq}`);
    else if (written.previous?.seq !== seq) logger.info({ job: 'audit-anchor', seq, hash, rows }, `Audit chain anchored at row ${seq}`);
  };
  const tick = () => {
    if (running) return;
    running = anchor('periodic')
      .catch((error) =>
        logger.error({ job: 'audit-anchor', err: error }, 'The audit chain could not be anchored; it is tried again in a minute'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      try {
        await anchor('shutdown');
      } catch (error) {
        logger.error({ job: 'audit-anchor', err: error }, 'The audit chain could not be anchored at shutdown');
      }
    },
  };
}
