import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { auditRowHash, genesisHash } from './audit-hash.js';
import { readAuditRowsAfter } from './audit-trail.repo.js';

export type ChainReport =
  | { whole: true; rows: number; lastHash: string }
  | { whole: false; rows: number; brokenAtSeq: string; problem: string };

/** Walks the audit chain in order and reports the first row whose link does not hold. */
export async function verifyAuditChain(db: Kysely<DB>, onProgress?: (rows: number) => void): Promise<ChainReport> {
  let prevHash = genesisHash;
  let afterSeq = '0';
  let rows = 0;
  for (;;) {
    const batch = await readAuditRowsAfter(db, afterSeq, 2000);
    if (batch.length === 0) return { whole: true, rows, lastHash: prevHash };
    for (const row of batch) {
      if (row.prev_hash !== prevHash) {
        return {
          whole: false,
          rows,
          brokenAtSeq: row.seq,
          problem: 'its previous-hash link does not match the row before it (a row was removed or reordered)',
        };
      }
      const expected = auditRowHash(prevHash, {
        seq: row.seq,
        occurredAt: new Date(row.occurred_at).toISOString(),
        actorUserId: row.actor_user_id,
        actorLabel: row.actor_label,
        entityType: row.entity_type,
        entityId: row.entity_id,
        action: row.action,
        changes: row.changes,
        reason: row.reason,
        requestId: row.request_id,
      });
      if (row.hash !== expected) {
        return { whole: false, rows, brokenAtSeq: row.seq, problem: 'its content does not match its hash (the row was altered)' };
      }
      prevHash = row.hash;
      afterSeq = row.seq;
      rows++;
    }
    onProgress?.(rows);
  }
}
