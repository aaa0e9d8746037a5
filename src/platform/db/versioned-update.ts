import type { Kysely } from 'kysely';
import { preconditionFailed } from '../errors.js';
import type { DB } from './schema.js';

/** Every table with an id, an optimistic-lock version and updated_at, read from the generated types. */
export type VersionedTable = {
  [Table in keyof DB]: DB[Table] extends { id: unknown; version: unknown; updated_at: unknown } ? Table : never;
}[keyof DB];

/**
 * Optimistic concurrency: the update applies only to the version the client read, and bumps
 * it. A stale version changes nothing and answers 412.
 */
export async function updateVersioned(
  tx: Kysely<DB>,
  table: VersionedTable,
  id: string,
  expectedVersion: number,
  columns: Record<string, unknown>,
  now: Date,
): Promise<void> {
  // Every versioned table has id, version and updated_at; the cast lets one function serve them all.
  const result = await tx
    .updateTable(table as 'studies')
    .set({ ...columns, version: expectedVersion + 1, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw preconditionFailed();
}
