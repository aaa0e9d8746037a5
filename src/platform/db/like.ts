/** Escapes % and _ so that a search for "10%" means those characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const containing = (text: string) => `%${escapeLike(text)}%`;

/**
 * Whether a `containing` search can be served by a trigram index (pg_trgm, migration 0010):
 * the text must hold a run of at least three letters or digits, or its pattern yields no
 * trigram to look up and the index would be read whole. A shorter text matches so many rows
 * that walking the list's sort order and filtering is the faster plan anyway.
 */
export function trigramSearchable(text: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(text);
}
