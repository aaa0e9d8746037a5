import { setImmediate } from 'node:timers/promises';
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
 * Rows per statement in bulk work on the embedded database, whose one connection other users'
 * reads wait for while a statement runs: a quarter of rowsPerStatement keeps that wait to a few
 * tens of milliseconds, for a few per cent more statements.
 */
export const rowsPerSharedStatement = 250;

const sharedConnectionWork = new WeakSet<Kysely<DB>>();

/** Marks a transaction as bulk work on a shared connection: its statements stay short and yield between them. */
export function keepStatementsShort(tx: Kysely<DB>): void {
  sharedConnectionWork.add(tx);
}

/** The rows a set-based statement of this transaction takes. */
export function rowsPerStatementIn(tx: Kysely<DB>): number {
  return sharedConnectionWork.has(tx) ? rowsPerSharedStatement : rowsPerStatement;
}

/** Between two statements of bulk work on a shared connection: lets other requests' work run. */
export async function betweenStatements(tx: Kysely<DB>): Promise<void> {
  if (sharedConnectionWork.has(tx)) await setImmediate();
}

/**
 * INSERT … SELECT FROM unnest(one array per column), in chunks of `rowsPerStatement` (or of
 * rowsPerSharedStatement in bulk work on the embedded database): a few
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
  const size = rowsPerStatementIn(tx);
  for (let start = 0; start < rows.length; start += size) {
    if (start > 0) await betweenStatements(tx);
    const chunk = rows.slice(start, start + size);
    const arrays = columns.map((column) => sql`${chunk.map((row) => row[column] ?? null)}::${sql.raw(types[column])}[]`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
      select ${sql.join(selected)} from unnest(${sql.join(arrays)}) as t (${names})`.execute(tx);
  }
}
