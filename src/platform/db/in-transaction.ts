import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * Runs work in a transaction, or in the caller's when `db` is one already, so that use cases
 * compose (a feasibility decision moves a study-site's status in its own transaction).
 */
export function inTransaction<T>(db: Kysely<DB>, work: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
