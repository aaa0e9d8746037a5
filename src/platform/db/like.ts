import { type RawBuilder, sql } from 'kysely';

/** Escapes % and _ so that a search for "10%" means those characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const containing = (text: string) => `%${escapeLike(text)}%`;

/**
 * Whether a `containing` search can be served by a trigram index (pg_trgm, migration 0010):
 * the text must hold a run of at least three letters or digits, or its pattern yields no
 * trigram to look up and the index would be read whole.
 */
export function trigramSearchable(text: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(text);
}

/**
 * Whether a `containing` search can find its rows through an index: a trigram index (above),
 * or, for a text of two characters or more, a bigram index (migration 0018). A one-character
 * text matches so many rows that walking the list's sort order and filtering is the faster
 * plan anyway.
 */
export function indexSearchable(text: string): boolean {
  return trigramSearchable(text) || [...text].length >= 2;
}

/**
 * `column` contains `text`, in any case (ILIKE '%text%'), written so that the column's search
 * index serves it: ILIKE alone where its trigram index can (trigramSearchable); otherwise the
 * rows whose bigram index (migration 0018) holds every pair of adjacent characters of the
 * text, then ILIKE on those. The column needs both indexes; the answer is the same either way.
 */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  const ref = sql.ref(column);
  const like = sql<boolean>`${ref} ilike ${containing(text)}`;
  if (trigramSearchable(text) || [...text].length < 2) return like;
  return sql<boolean>`(search_bigrams(${ref}) @> search_bigrams(${text}) and ${like})`;
}
