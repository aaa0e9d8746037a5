import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Cursor } from '../http/pagination.js';

/**
 * Narrows a query to the page after the cursor, ordered by (sort, id). The row comparison
 * lets PostgreSQL walk an index on (sort, id) instead of counting an offset.
 */
// biome-ignore lint/suspicious/noExplicitAny: any query of any table can be paged
export function keysetPage<QB extends SelectQueryBuilder<any, any, any>>(
  query: QB,
  sort: RawBuilder<unknown>,
  id: RawBuilder<unknown>,
  order: 'asc' | 'desc',
  cursor: Cursor | undefined,
  limit: number,
): QB {
  let q = query;
  if (cursor) {
    q = (
      order === 'asc'
        ? q.where(sql<boolean>`(${sort}, ${id}) > (${cursor.value}, ${cursor.id})`)
        : q.where(sql<boolean>`(${sort}, ${id}) < (${cursor.value}, ${cursor.id})`)
    ) as QB;
  }
  // The sort key comes back as `sort_key` so the next cursor holds exactly what SQL compared.
  return q
    .select(sort.as('sort_key'))
    .orderBy(sort, order)
    .orderBy(id, order)
    .limit(limit + 1) as QB;
}
