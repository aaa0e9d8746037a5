import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { DB } from '../src/platform/db/schema.js';

export interface RecordedQuery {
  sql: string;
  parameters: readonly unknown[];
}

export interface QueryRecorder {
  /** A Kysely instance over its own pool, with `log` on: what runs through it is recorded. */
  db: Kysely<DB>;
  /** Runs `work` and returns every statement it issued, in order, with its parameters. */
  record(work: () => Promise<void>): Promise<RecordedQuery[]>;
  close(): Promise<void>;
}

/**
 * Kysely's log option, on a separate instance: the measured app runs without it (the hook
 * costs a timer per query), and an app built over this instance shows exactly which SQL and
 * parameters an endpoint sends, to be replayed as the endpoint's "bare SQL".
 */
export function queryRecorder(pool: pg.Pool): QueryRecorder {
  let recording: RecordedQuery[] | undefined;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log(event) {
      // A failed statement is logged too; the caller sees the failure as a non-2xx answer.
      if (event.level === 'query') recording?.push({ sql: event.query.sql, parameters: [...event.query.parameters] });
    },
  });
  return {
    db,
    async record(work) {
      recording = [];
      try {
        await work();
        return recording;
      } finally {
        recording = undefined;
      }
    },
    close: () => db.destroy(),
  };
}

/** Sends recorded statements again, in order, through a (measured) Kysely connection. */
export async function replay(db: Kysely<DB>, queries: readonly RecordedQuery[]): Promise<void> {
  for (const query of queries) await db.executeQuery(CompiledQuery.raw(query.sql, [...query.parameters]));
}
