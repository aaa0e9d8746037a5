import { type Insertable, type Kysely, sql } from 'kysely';
import { betweenStatements, rowsPerStatementIn } from '../db/insert-many.js';
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

/**
 * Rows in chain order: one plain insert for a single row (most changes), set-based for more, in
 * statements of rowsPerStatementIn(tx) rows. The rows go as one JSON document per statement
 * (json_to_recordset), the changes as JSON strings: measured on the embedded database, a few
 * kilobytes of changes per row (a generated schedule, ADR 0016) go in 2.5 times faster so than
 * in a jsonb[] or text[] array parameter, whose literal is escaped and parsed character by character.
 */
export async function insertAuditRows(tx: Kysely<DB>, rows: AuditRowValues[]): Promise<void> {
  if (rows.length === 1) {
    await tx.insertInto('audit_events').values(rows).execute();
    return;
  }
  const size = rowsPerStatementIn(tx);
  for (let start = 0; start < rows.length; start += size) {
    if (start > 0) await betweenStatements(tx);
    const document = JSON.stringify(rows.slice(start, start + size));
    await sql`insert into audit_events
        (seq, occurred_at, actor_user_id, actor_label, entity_type, entity_id, action, changes, reason, request_id, prev_hash, hash)
      select t.seq, t.occurred_at, t.actor_user_id, t.actor_label, t.entity_type, t.entity_id, t.action, t.changes::jsonb,
        t.reason, t.request_id, t.prev_hash, t.hash
      from json_to_recordset(${document}::json) as t (seq bigint, occurred_at timestamptz, actor_user_id uuid, actor_label text,
        entity_type text, entity_id uuid, action text, changes text, reason text, request_id text, prev_hash text, hash text)`.execute(tx);
  }
}

/** Up to `limit` rows after `afterSeq`, in chain order: the walk of `audit verify`. */
export function readAuditRowsAfter(db: Kysely<DB>, afterSeq: string, limit: number): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

/**
 * The transaction's audit stage: a temporary table, dropped at commit or rollback, where long
 * work keeps the audit entries it has yet to chain (write-audit-event.ts, openAuditStage).
 */
export async function createAuditStage(tx: Kysely<DB>): Promise<void> {
  await sql`create temporary table if not exists audit_stage (
    ord bigint primary key, entity_type text not null, entity_id uuid not null, action text not null,
    changes text, reason text) on commit drop`.execute(tx);
}

export interface StagedAuditEntry {
  ord: string;
  entity_type: string;
  entity_id: string;
  action: string;
  changes: string | null;
  reason: string | null;
}

/** Entries onto the stage, numbered in order from `firstOrd`: one JSON document, as insertAuditRows sends rows. */
export async function insertAuditStage(tx: Kysely<DB>, firstOrd: number, entries: readonly Omit<StagedAuditEntry, 'ord'>[]): Promise<void> {
  if (entries.length === 0) return;
  await sql`insert into audit_stage (ord, entity_type, entity_id, action, changes, reason)
    select ${firstOrd}::bigint + t.i - 1, t.e ->> 'entity_type', (t.e ->> 'entity_id')::uuid, t.e ->> 'action', t.e ->> 'changes', t.e ->> 'reason'
    from json_array_elements(${JSON.stringify(entries)}::json) with ordinality as t (e, i)`.execute(tx);
}

/** Up to `limit` staged entries after `afterOrd`, in order. */
export async function readAuditStage(tx: Kysely<DB>, afterOrd: string, limit: number): Promise<StagedAuditEntry[]> {
  // Ordered by the number, not by its text (which the output column `ord` is).
  const { rows } = await sql<StagedAuditEntry>`select s.ord::text as ord, s.entity_type, s.entity_id, s.action, s.changes, s.reason
    from audit_stage s where s.ord > ${afterOrd}::bigint order by s.ord limit ${limit}`.execute(tx);
  return rows;
}

/**
 * Chained rows from staged entries: each staged entry (by ord) with its row number and links, and
 * the fields its whole batch shares; the changes go from the stage to the trail without a round trip.
 */
export async function insertAuditRowsFromStage(
  tx: Kysely<DB>,
  links: { ords: string[]; seqs: string[]; prevHashes: string[]; hashes: string[] },
  shared: { occurredAt: string; actorUserId: string | null; actorLabel: string; requestId: string | null },
): Promise<void> {
  await sql`insert into audit_events
      (seq, occurred_at, actor_user_id, actor_label, entity_type, entity_id, action, changes, reason, request_id, prev_hash, hash)
    select l.seq, ${shared.occurredAt}::timestamptz, ${shared.actorUserId}::uuid, ${shared.actorLabel}, s.entity_type, s.entity_id,
      s.action, s.changes::jsonb, s.reason, ${shared.requestId}, l.prev_hash, l.hash
    from unnest(${links.ords}::bigint[], ${links.seqs}::bigint[], ${links.prevHashes}::text[], ${links.hashes}::text[])
      as l (ord, seq, prev_hash, hash)
    join audit_stage s on s.ord = l.ord
    order by l.seq`.execute(tx);
}
