import type { Kysely } from 'kysely';
import { actorLabel, actorUserId, type RequestContext } from '../context.js';
import type { DB } from '../db/schema.js';
import type { AuditEntry } from './audit-events.js';
import { auditRowHash, genesisHash } from './audit-hash.js';
import { type AuditRowValues, insertAuditRows, lockAuditChainHead, nextAuditSeqs } from './audit-trail.repo.js';

/**
 * 21 CFR 11.10(e): writes one audit row inside the caller's transaction, so the row and the
 * change it records commit or roll back together. The advisory lock is held until commit:
 * the next writer reads this row's hash only after it is visible.
 */
export function writeAuditEvent(tx: Kysely<DB>, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  return writeAuditEvents(tx, ctx, [entry]);
}

/**
 * The rows of many changes at once (an import), in the order given, chained exactly as
 * writeAuditEvent chains them one by one: the chain's head is locked and read once, every
 * row's hash is computed here, and the rows go in with set-based statements.
 */
export async function writeAuditEvents(tx: Kysely<DB>, ctx: RequestContext, entries: readonly AuditEntry[]): Promise<void> {
  if (!tx.isTransaction) throw new Error('writeAuditEvent must run inside a transaction');
  if (entries.length === 0) return;
  const { seqs, prevHash } = await nextLinks(tx, entries.length);
  const actor = { actorUserId: actorUserId(ctx.actor), actorLabel: actorLabel(ctx.actor) };
  let hash = prevHash;
  const rows = entries.map((entry, index): AuditRowValues => {
    const fields = {
      seq: seqs[index] as string,
      occurredAt: ctx.now().toISOString(),
      ...actor,
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      changes: entry.changes,
      reason: entry.reason ?? null,
      requestId: ctx.requestId,
    };
    const link = hash;
    hash = auditRowHash(link, fields);
    return {
      seq: fields.seq,
      occurred_at: fields.occurredAt,
      actor_user_id: fields.actorUserId,
      actor_label: fields.actorLabel,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      action: fields.action,
      changes: JSON.stringify(fields.changes),
      reason: fields.reason,
      request_id: fields.requestId,
      prev_hash: link,
      hash,
    };
  });
  await insertAuditRows(tx, rows);
  headAppendedBy.set(tx, hash);
}

/**
 * The hash of the last row each open transaction appended. It holds the lock until it ends,
 * so that row is still the chain's head: its next rows need neither the lock nor the read
 * again (most changes write two or three rows).
 */
const headAppendedBy = new WeakMap<Kysely<DB>, string>();

/** `count` row numbers, in order, and the hash the first of them links to. */
async function nextLinks(tx: Kysely<DB>, count: number): Promise<{ seqs: string[]; prevHash: string }> {
  const appended = headAppendedBy.get(tx);
  if (appended !== undefined) return { seqs: await nextAuditSeqs(tx, count), prevHash: appended };
  const head = await lockAuditChainHead(tx);
  const more = count > 1 ? await nextAuditSeqs(tx, count - 1) : [];
  return { seqs: [head.seq, ...more], prevHash: head.hash ?? genesisHash };
}
