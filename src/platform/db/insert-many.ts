import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.js';

/** A column of a set-based insert and the PostgreSQL type its array is cast to. */
export type ColumnTypes<Row> = { [Column in keyof Row & string]: string };

/**
 * Rows per statement: long enough that the per-statement cost (a round trip, and on the
 * embedded database the one connection) is spread thin, short enough that a statement stays
 * in the tens of milliseconds and other users' statements can run between two of them.
 */
export const rowsPerStatement = 1000;

/**
 * INSERT … SELECT FROM unnest(one array per column), in chunks of `rowsPerStatement`: a few
 * parameters per statement however many rows, where a multi-row VALUES list needs one per cell.
 * Rows keep their order. `types` names every column written, with its type; a column of
 * `defaults` takes its default (an SQL expression) where a row has null.
 */
export async function insertMany<Table extends keyof DB & string, Row extends object>(
  tx: Kysely<DB>,
  table: Table,
  types: ColumnTypes<Row>,
  rows: readonly Row[],
  defaults: Partial<Record<keyof Row & string, 'now()' | number>> = {},
): Promise<void> {
  const columns = Object.keys(types) as (keyof Row & string)[];
  const selected = columns.map((column, index) => {
    const value = sql.ref(`c${index}`);
    const fallback = defaults[column];
    return fallback === undefined ? value : sql`coalesce(${value}, ${sql.raw(String(fallback))})`;
  });
  const names = sql.raw(columns.map((_, index) => `c${index}`).join(', '));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    const arrays = columns.map((column) => sql`${chunk.map((row) => row[column] ?? null)}::${sql.raw(types[column])}[]`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      select ${sql.join(selected)} from unnest(${sql.join(arrays)}) as t (${names})`.execute(tx);
  }
}
