import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.js';
import { decodeInput, refuseUnsafeOptions } from './cli-input.js';

function pointerOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.errors[0]?.pointer;
    throw error;
  }
  return undefined;
}

describe('command-line input', () => {
  it('refuses an option holding text the database cannot store, naming the option as typed', () => {
    expect(pointerOf(() => refuseUnsafeOptions({ email: 'a@b.dev', fullName: 'Ann\u0000' }))).toBe('--full-name');
    expect(pointerOf(() => refuseUnsafeOptions({ organization: 'Acme\ud800' }))).toBe('--organization');
    expect(pointerOf(() => refuseUnsafeOptions({ email: 'a@b.dev', name: 'Ann Lee 🧪' }))).toBeUndefined();
  });

  it('refuses piped bytes that are not UTF-8, or that hold U+0000, instead of changing them', () => {
    expect(decodeInput(Buffer.from('correct horse battery staple ü\n'), '/password')).toBe('correct horse battery staple ü\n');
    expect(pointerOf(() => decodeInput(Buffer.from([0x70, 0x77, 0xe9, 0x0a]), '/password'))).toBe('/password');
    expect(pointerOf(() => decodeInput(Buffer.from('pass\u0000word'), '/password'))).toBe('/password');
  });
});
