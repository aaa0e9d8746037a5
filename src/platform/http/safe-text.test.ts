import { describe, expect, it } from 'vitest';
import { findNonUtf8QueryBytes } from './refuse-unsafe-input.js';
import { findUnsafeText } from './safe-text.js';

describe('findUnsafeText', () => {
  it('names the first string holding U+0000 or a lone surrogate, keys included, by JSON Pointer', () => {
    expect(findUnsafeText({ a: 'ok', b: ['fine', 'bad\u0000'] })?.pointer).toBe('/b/1');
    expect(findUnsafeText({ first: 'x\ud800', second: 'y\u0000' })?.pointer).toBe('/first');
    expect(findUnsafeText({ 'a/b~c': 'x\udc00' })?.pointer).toBe('/a~1b~0c');
    expect(findUnsafeText({ 'bad\u0000key': 1 })?.pointer).toBe('/bad\u0000key');
    expect(findUnsafeText({ q: 'a\u0000' }, 'querystring:')?.pointer).toBe('querystring:/q');
    expect(findUnsafeText('x\u0000')?.pointer).toBe('');
  });

  it('lets real text through: surrogate pairs, other control characters, numbers, null', () => {
    expect(findUnsafeText({ title: 'Study 🧪 Grüße\t\n', n: 3, none: null, list: [true, 'ok'] })).toBeUndefined();
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeText(deep)?.pointer).toBe('/0'.repeat(100_000));
  });
});

describe('findNonUtf8QueryBytes', () => {
  it('names the parameter whose escapes are not UTF-8, and accepts UTF-8 and stray percent signs', () => {
    expect(findNonUtf8QueryBytes('/api/studies?limit=5&q=a%C3%28')?.pointer).toBe('querystring:/q');
    expect(findNonUtf8QueryBytes('/api/studies?q=%ED%A0%80')?.pointer).toBe('querystring:/q');
    expect(findNonUtf8QueryBytes('/api/studies?%FF=1')?.pointer).toBe('querystring:/%FF');
    expect(findNonUtf8QueryBytes('/api/studies?q=M%C3%BCller&r=100%&s=%F0%9F%A7%AA+x')).toBeUndefined();
    expect(findNonUtf8QueryBytes('/api/studies')).toBeUndefined();
  });
});
