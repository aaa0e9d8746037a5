/** Escapes % and _ so that a search for "10%" means those characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const containing = (text: string) => `%${escapeLike(text)}%`;
