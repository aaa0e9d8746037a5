import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { keepStatementsShort } from './insert-many.js';
import type { DB } from './schema.js';
import { SkippedBehindBulkWork } from './shared-connection.js';

/**
 * Long all-or-nothing work: one transaction that does not make other users wait.
 *
 * On PostgreSQL it is a transaction on its own pooled connection: MVCC lets others read and
 * write meanwhile. On the embedded database (one session) the transaction gives the connection
 * back after each statement: other requests' reads run between its statements and see its
 * uncommitted rows; their transactions and writes wait until it commits or rolls back (ADR 0014).
 * Only one runs at a time. The caller keeps each statement short (chunks) and yields the event
 * loop between CPU-heavy chunks (`await setImmediate()` from node:timers/promises).
 */
export function bulkTransaction<T>(database: Database, work: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  const embedded = database.embedded;
  if (!embedded) return database.db.transaction().execute(work);
  return embedded.connection.asBulkWork(() =>
    embedded.bulkDb.transaction().execute((tx) => {
      keepStatementsShort(tx);
      return work(tx);
    }),
  );
}

/**
 * Runs bookkeeping writes that may be dropped (a session's last-seen time): on the embedded
 * database, where they would wait for bulk work to end, they are skipped instead. Answers
 * whether they ran. Never for a change the user asked for: that waits, or fails.
 */
export async function skipBehindBulkWork(database: Database, write: () => Promise<unknown>): Promise<boolean> {
  const embedded = database.embedded;
  if (!embedded) {
    await write();
    return true;
  }
  try {
    await embedded.connection.skippingBehindBulkWork(write);
    return true;
  } catch (error) {
    if (error instanceof SkippedBehindBulkWork) return false;
    throw error;
  }
}
