import { invalidField } from '../platform/errors.js';
import { findUnsafeText, unsafeTextProblem } from '../platform/http/safe-text.js';

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/**
 * The command line is a boundary like the API: an option's text goes to the database, so it is
 * refused as the API refuses it, naming the option as it is typed (`--email`).
 */
export function refuseUnsafeOptions(options: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(options)) {
    const unsafe = findUnsafeText(value);
    if (unsafe) throw invalidField(`--${kebab(name)}`, unsafe.detail);
  }
}

/**
 * Text read from a pipe: bytes that are not UTF-8 are refused rather than turned into U+FFFD
 * (a password would silently differ from the one typed), and so is text the API would refuse
 * (a password with U+0000 could never be sent to the login).
 */
export function decodeInput(bytes: Uint8Array, pointer: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidField(pointer, 'Not valid UTF-8.');
  }
  const problem = unsafeTextProblem(text);
  if (problem) throw invalidField(pointer, problem);
  return text;
}
