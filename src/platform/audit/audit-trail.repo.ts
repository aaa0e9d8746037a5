import { type Insertable, type Kysely, sql } from 'kysely';
import { insertMany } from '../db/insert-many.js';
import type { AuditEventRow, DB } from '../db/schema.js';

/** Serializes audit appends so that the chain follows commit order. */
const auditChainLockKey = 7_404_110_001;

/**
 * The next `count` row numbers, in order, for a transaction that already holds the chain's
 * lock (no other writer takes numbers meanwhile).
 */
export async function nextAuditSeqs(tx: Kysely<DB>, count: number): Promise<string[]> {
  if (count === 1) {
    const { rows } = await sql<{ seq: string }>`select nextval('audit_events_seq_seq')::text as seq`.execute(tx);
    return [(rows[0] as { seq: string }).seq];
  }
  const { rows } = await sql<{ seq: string }>`
    select seq::text as seq from (select nextval('audit_events_seq_seq') as seq from generate_series(1, ${count})) s order by s.seq`.execute(
    tx,
  );
  return rows.map((r) => r.seq);
}

/**
 * Takes the chain's lock until the transaction ends, then reads the next row's number and the
 * newest row's hash (null while the trail is empty).
 */
export async function lockAuditChainHead(tx: Kysely<DB>): Promise<{ seq: string; hash: string | null }> {
  await sql`select pg_advisory_xact_lock(${auditChainLockKey})`.execute(tx);
  // A statement of its own after the lock: in READ COMMITTED it then sees the previous holder's row.
  const { rows } = await sql<{ seq: string; hash: string | null }>`
    select nextval('audit_events_seq_seq')::text as seq, (select hash from audit_events order by seq desc limit 1) as hash`.execute(tx);
  return rows[0] as { seq: string; hash: string | null };
}

export type AuditRowValues = Insertable<DB['audit_events']> & { seq: string; changes: string };

const auditColumnTypes = {
  seq: 'bigint',
  occurred_at: 'timestamptz',
  actor_user_id: 'uuid',
  actor_label: 'text',
  entity_type: 'text',
  entity_id: 'uuid',
  action: 'text',
  changes: 'jsonb',
  reason: 'text',
  request_id: 'text',
  prev_hash: 'text',
  hash: 'text',
} as const;

/** Rows in chain order: one plain insert for a single row (most changes), set-based for more. */
export async function insertAuditRows(tx: Kysely<DB>, rows: AuditRowValues[]): Promise<void> {
  if (rows.length === 1) await tx.insertInto('audit_events').values(rows).execute();
  else await insertMany(tx, 'audit_events', auditColumnTypes, rows);
}

/** Up to `limit` rows after `afterSeq`, in chain order: the walk of `audit verify`. */
export function readAuditRowsAfter(db: Kysely<DB>, afterSeq: string, limit: number): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}
