import { describe, expect, it } from 'vitest';
import { instantAtLocal, localDateTime } from './dates.js';

describe('wall-clock times at a site', () => {
  it('turns a site-local time into its instant and back, winter and summer', () => {
    expect(instantAtLocal('2026-12-07T09:30', 'America/Chicago')?.toISOString()).toBe('2026-12-07T15:30:00.000Z');
    expect(instantAtLocal('2026-07-01T00:15', 'Europe/Berlin')?.toISOString()).toBe('2026-06-30T22:15:00.000Z');
    expect(localDateTime(new Date('2026-06-30T22:15:00Z'), 'Europe/Berlin')).toBe('2026-07-01T00:15');
  });

  it('has no instant for the hour the clocks skip, and the first of the hour they repeat', () => {
    expect(instantAtLocal('2026-03-08T02:30', 'America/Chicago')).toBeUndefined();
    expect(instantAtLocal('2026-11-01T01:30', 'America/Chicago')?.toISOString()).toBe('2026-11-01T06:30:00.000Z');
    expect(instantAtLocal('2026-12-07 09:30', 'America/Chicago')).toBeUndefined();
  });
});
