import { type Insertable, type Kysely, sql } from 'kysely';
import type { AuditEventRow, DB } from '../db/schema.js';

/** Serializes audit appends so that the chain follows commit order. */
const auditChainLockKey = 7_404_110_001;

/** The next row's number, for a transaction that already holds the chain's lock. */
export async function nextAuditSeq(tx: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ seq: string }>`select nextval('audit_events_seq_seq')::text as seq`.execute(tx);
  return (rows[0] as { seq: string }).seq;
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

export async function insertAuditRow(tx: Kysely<DB>, row: Insertable<DB['audit_events']>): Promise<void> {
  await tx.insertInto('audit_events').values(row).execute();
}

/** Up to `limit` rows after `afterSeq`, in chain order: the walk of `audit verify`. */
export function readAuditRowsAfter(db: Kysely<DB>, afterSeq: string, limit: number): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}
