import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { DB } from './schema.js';

/** Long all-or-nothing work: one transaction that does not make other users wait. */
export function bulkTransaction<T>(database: Database, work: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  // Placeholder with the agreed signature: the shared-connection work replaces this body.
  return database.db.transaction().execute(work);
}
