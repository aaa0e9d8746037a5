import type { Kysely } from 'kysely';
import { actorLabel, actorUserId, type RequestContext } from '../context.js';
import type { DB } from '../db/schema.js';
import type { AuditEntry } from './audit-events.js';
import { auditRowHash, genesisHash } from './audit-hash.js';
import { insertAuditRow, lockAuditChainHead, nextAuditSeq } from './audit-trail.repo.js';

/**
 * 21 CFR 11.10(e): writes one audit row inside the caller's transaction, so the row and the
 * change it records commit or roll back together. The advisory lock is held until commit:
 * the next writer reads this row's hash only after it is visible.
 */
export async function writeAuditEvent(tx: Kysely<DB>, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  if (!tx.isTransaction) throw new Error('writeAuditEvent must run inside a transaction');
  const { seq, prevHash } = await nextLink(tx);
  const fields = {
    seq,
    occurredAt: ctx.now().toISOString(),
    actorUserId: actorUserId(ctx.actor),
    actorLabel: actorLabel(ctx.actor),
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    changes: entry.changes,
    reason: entry.reason ?? null,
    requestId: ctx.requestId,
  };
  const hash = auditRowHash(prevHash, fields);
  await insertAuditRow(tx, {
    seq,
    occurred_at: fields.occurredAt,
    actor_user_id: fields.actorUserId,
    actor_label: fields.actorLabel,
    entity_type: fields.entityType,
    entity_id: fields.entityId,
    action: fields.action,
    changes: JSON.stringify(fields.changes),
    reason: fields.reason,
    request_id: fields.requestId,
    prev_hash: prevHash,
    hash,
  });
  headAppendedBy.set(tx, hash);
}

/**
 * The hash of the last row each open transaction appended. It holds the lock until it ends,
 * so that row is still the chain's head: its next row needs neither the lock nor the read
 * again (most changes write two or three rows).
 */
const headAppendedBy = new WeakMap<Kysely<DB>, string>();

async function nextLink(tx: Kysely<DB>): Promise<{ seq: string; prevHash: string }> {
  const appended = headAppendedBy.get(tx);
  if (appended !== undefined) {
    return { seq: await nextAuditSeq(tx), prevHash: appended };
  }
  const head = await lockAuditChainHead(tx);
  return { seq: head.seq, prevHash: head.hash ?? genesisHash };
}
