import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * The newest audit row and how many rows the chain gained after `afterSeq` up to it, read in
 * one statement (one snapshot), so the count and the head agree.
 */
export async function findAuditHeadSince(
  db: Kysely<DB>,
  afterSeq: string,
): Promise<{ seq: string; hash: string; rowsSince: number } | undefined> {
  const head = await db
    .selectFrom('audit_events as head')
    .select(['head.seq', 'head.hash'])
    .select((eb) =>
      eb
        .selectFrom('audit_events')
        .select(eb.fn.countAll<string>().as('count'))
        .where('audit_events.seq', '>', afterSeq)
        .whereRef('audit_events.seq', '<=', 'head.seq')
        .as('rowsSince'),
    )
    .orderBy('head.seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return head && { seq: head.seq, hash: head.hash, rowsSince: Number(head.rowsSince ?? 0) };
}

/** The hash stored on one audit row, or undefined when there is no row `seq`. */
export async function findAuditRowHash(db: Kysely<DB>, seq: string): Promise<string | undefined> {
  const row = await db.selectFrom('audit_events').select('hash').where('seq', '=', seq).executeTakeFirst();
  return row?.hash;
}

/** How many audit rows the database holds up to and including `seq`, and its newest row. */
export async function countAuditRowsUpTo(db: Kysely<DB>, seq: string): Promise<{ rows: number; newestSeq: string | undefined }> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => [eb.fn.countAll<string>().filterWhere('seq', '<=', seq).as('rows'), eb.fn.max('seq').as('newestSeq')])
    .executeTakeFirstOrThrow();
  return { rows: Number(row.rows), newestSeq: row.newestSeq ?? undefined };
}
