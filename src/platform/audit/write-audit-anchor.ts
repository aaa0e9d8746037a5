import type { Kysely } from 'kysely';
import type { AuditAnchorConfig } from '../config.js';
import { inTransaction } from '../db/in-transaction.js';
import type { DB } from '../db/schema.js';
import { findAuditHeadSince } from './audit-anchor.repo.js';
import { type AuditAnchor, ensureAnchorKey, readAuditAnchor, signAnchor, writeAnchorFile } from './audit-anchor-file.js';
import { findAnchorBreach } from './find-anchor-breach.js';

/** The database no longer holds what the last anchor names: that anchor is the evidence, and is kept. */
export class AuditAnchorBreachError extends Error {}

/**
 * Signs the audit chain's current head and writes it to the anchor file. A plain function so
 * that any scheduler can run it (serve runs it every minute and at shutdown). It never moves
 * the anchor back: when the last anchor's row is gone or changed, or its signature fails, it
 * throws and leaves the file as it is for `trialdesk audit verify` to report.
 */
export async function writeAuditAnchor(
  db: Kysely<DB>,
  config: AuditAnchorConfig,
  now = new Date(),
): Promise<{ anchor: AuditAnchor; previous: AuditAnchor | undefined } | undefined> {
  const key = await ensureAnchorKey(config);
  const previous = await readAuditAnchor(config, key);
  // In a transaction: on the embedded database a plain read may see a bulk transaction's
  // uncommitted rows (ADR 0014); a transaction waits for its end. A head that then rolled back
  // would be signed, and the next run would report it missing as a breach.
  const head = await inTransaction(db, async (tx) => {
    if (previous) {
      const breach = await findAnchorBreach(tx, previous);
      if (breach)
        throw new AuditAnchorBreachError(`The audit trail does not hold its last anchor: ${breach.message}. The anchor is kept as it is.`);
    }
    return findAuditHeadSince(tx, previous?.seq ?? '0');
  });
  if (!head) return undefined;
  // Rows went between the check above and this read: never move the anchor back over them.
  if (previous && BigInt(head.seq) < BigInt(previous.seq)) {
    throw new AuditAnchorBreachError(`The audit trail's newest row is ${head.seq}, older than its last anchor's row ${previous.seq}.`);
  }
  const anchor = signAnchor(key, {
    seq: head.seq,
    hash: head.hash,
    rows: (previous?.rows ?? 0) + head.rowsSince,
    anchoredAt: now.toISOString(),
  });
  await writeAnchorFile(config, anchor);
  return { anchor, previous };
}
