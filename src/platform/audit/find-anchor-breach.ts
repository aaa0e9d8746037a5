import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { countAuditRowsUpTo, findAuditRowHash } from './audit-anchor.repo.js';
import type { AnchoredHead } from './audit-anchor-file.js';

/** How the database falls short of an anchor: rows it anchored are gone, or the anchored row is not the same. */
export type AnchorBreach =
  | { kind: 'missing-rows'; missingRows: number; anchoredSeq: string; newestSeq: string | undefined; message: string }
  | { kind: 'rewritten'; anchoredSeq: string; message: string };

/**
 * The chain alone cannot show that its newest rows were deleted: what is left still links up.
 * The anchored row must still be there with its anchored hash; a whole chain then proves every
 * row before it too.
 */
export async function findAnchorBreach(db: Kysely<DB>, anchor: AnchoredHead): Promise<AnchorBreach | undefined> {
  const hash = await findAuditRowHash(db, anchor.seq);
  if (hash === anchor.hash) return undefined;
  if (hash !== undefined) {
    return {
      kind: 'rewritten',
      anchoredSeq: anchor.seq,
      message: `row ${anchor.seq} no longer has the hash anchored at ${anchor.anchoredAt} (${anchor.hash}, now ${hash}): the trail up to that row was rewritten`,
    };
  }
  const { rows, newestSeq } = await countAuditRowsUpTo(db, anchor.seq);
  const missingRows = anchor.rows - rows;
  const newest = newestSeq === undefined ? 'the database holds no audit rows at all' : `the database's newest row is ${newestSeq}`;
  return {
    kind: 'missing-rows',
    missingRows,
    anchoredSeq: anchor.seq,
    newestSeq,
    message: `${missingRows} of the ${anchor.rows} rows anchored at ${anchor.anchoredAt} are missing, among them row ${anchor.seq}, the chain's head then (${newest})`,
  };
}
