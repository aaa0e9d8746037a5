import { isUtf8 } from 'node:buffer';
import { z } from 'zod';
import { invalidField } from '../errors.js';
import { isRealDate } from './fields.js';
import { findUnsafeText } from './safe-text.js';

/** Keyset pagination: the cursor is the last row's sort value and id, opaque to the client. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
};

export interface Cursor {
  value: string | number | null;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A cursor comes back from the client, so it is checked like any input: a forged or foreign one
 * (an id that is no UUID, a name where the sort compares dates) must be a 400, not a failed query.
 */
export function decodeCursor(text: string | undefined, sortKind: 'text' | 'date' = 'text'): Cursor | undefined {
  if (!text) return undefined;
  try {
    const bytes = Buffer.from(text, 'base64url');
    // Its values go into the query: bytes that are not UTF-8 or text the database cannot take are no cursor of ours.
    const parsed: unknown = isUtf8(bytes) ? JSON.parse(bytes.toString('utf8')) : undefined;
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[1] === 'string' &&
      uuidPattern.test(parsed[1]) &&
      !findUnsafeText(parsed)
    ) {
      const [value, id] = parsed as [unknown, string];
      const fits =
        sortKind === 'date'
          ? typeof value === 'string' && isRealDate(value)
          : value === null || typeof value === 'string' || typeof value === 'number';
      if (fits) return { value: value as Cursor['value'], id };
    }
  } catch {
    // fall through to the problem below
  }
  throw invalidField('querystring:/cursor', 'Not a cursor from this list; start again without one.');
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Cuts the extra row fetched by keysetPage and turns it into the next cursor. */
export function toPage<Row extends { id: string }, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item): Page<Item> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1) as (Row & { sort_key?: string | number | null }) | undefined;
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor({ value: last.sort_key ?? null, id: last.id }) : null,
  };
}
