import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/** One round trip to the database: it answers, or this throws. */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}
