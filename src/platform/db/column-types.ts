import type { ColumnType, Generated } from 'kysely';

/** Timestamps are written as Date or ISO text and read back as Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in on insert (DEFAULT now()). */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns are parsed as 'YYYY-MM-DD' strings, never as JS Dates (see database.ts). */
export type DateOnly = string;
/** jsonb: read as parsed JSON, written as JSON text. */
export type Json<T> = ColumnType<T, string, string>;

/** Rows edited through the API carry an optimistic-lock version and their timestamps. */
export interface Versioned {
  version: Generated<number>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}
