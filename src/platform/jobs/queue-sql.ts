import { CompiledQuery, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { DB } from '../db/schema.js';

/**
 * pg-boss's bring-your-own-database adapter over the app's Kysely: every statement of the queue
 * goes through the app's own pool, or through the caller's transaction when `db` is one. The
 * embedded database is a single connection: a second pool for the queue would wait behind an
 * open transaction for ever, so there is none, on either database.
 */
export function queueSql(db: Kysely<DB>): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: [...result.rows] };
    },
  };
}
