import { invalidField } from '../errors.js';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Text every boundary refuses before it can reach the database: PostgreSQL cannot store U+0000
 * in text (error 22021, which would answer 500), and a lone UTF-16 surrogate is no character at
 * all (the driver would silently store U+FFFD instead of what was sent).
 */
export function unsafeTextProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'Contains the NUL character (U+0000), which cannot be stored; remove it.';
  if (loneSurrogate.test(text)) return 'Contains a lone UTF-16 surrogate, which is not a character; send valid Unicode text.';
  return undefined;
}

export interface UnsafeText {
  pointer: string;
  detail: string;
}

/** RFC 6901: '~' and '/' in a key are escaped so the pointer names exactly one member. */
export const pointerToken = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * The first unsafe string in a value (keys included), with its JSON Pointer after `at`
 * (`querystring:` for the query). Walked with a stack, not recursion: a deeply nested body must
 * not overflow the call stack and turn into a 500.
 */
export function findUnsafeText(value: unknown, at = ''): UnsafeText | undefined {
  const pending: { value: unknown; pointer: string }[] = [{ value, pointer: at }];
  while (pending.length > 0) {
    const next = pending.pop() as { value: unknown; pointer: string };
    if (typeof next.value === 'string') {
      const detail = unsafeTextProblem(next.value);
      if (detail) return { pointer: next.pointer, detail };
    } else if (next.value !== null && typeof next.value === 'object') {
      const entries = Object.entries(next.value);
      for (const [key] of entries) {
        const detail = unsafeTextProblem(key);
        if (detail) return { pointer: `${next.pointer}/${pointerToken(key)}`, detail: `Field name: ${detail}` };
      }
      // Reversed so the first member is looked at first and the answer names the first bad one.
      for (const [key, child] of entries.reverse()) pending.push({ value: child, pointer: `${next.pointer}/${pointerToken(key)}` });
    }
  }
  return undefined;
}

/** Throws the 400 problem naming the first unsafe string, if there is one. */
export function refuseUnsafeText(value: unknown, at = ''): void {
  const unsafe = findUnsafeText(value, at);
  if (unsafe) throw invalidField(unsafe.pointer, unsafe.detail);
}
