import { type Kysely, sql } from 'kysely';
import { actorLabel, actorUserId, type RequestContext } from '../context.js';
import type { DB } from '../db/schema.js';
import type { AuditEntry } from './audit-events.js';
import { auditRowHash, genesisHash } from './audit-hash.js';

/** Serializes audit appends so that the chain follows commit order. */
const auditChainLockKey = 7_404_110_001;

/**
 * 21 CFR 11.10(e): writes one audit row inside the caller's transaction, so the row and the
 * change it records commit or roll back together. The advisory lock is held until commit:
 * the next writer reads this row's hash only after it is visible.
 */
export async function writeAuditEvent(tx: Kysely<DB>, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  if (!tx.isTransaction) throw new Error('writeAuditEvent must run inside a transaction');
  await sql`select pg_advisory_xact_lock(${auditChainLockKey})`.execute(tx);
  const last = await tx.selectFrom('audit_events').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const { seq } = await sql<{ seq: string }>`select nextval('audit_events_seq_seq')::text as seq`
    .execute(tx)
    .then((r) => r.rows[0] as { seq: string });
  const prevHash = last?.hash ?? genesisHash;
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
  await tx
    .insertInto('audit_events')
    .values({
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
      hash: auditRowHash(prevHash, fields),
    })
    .execute();
}
