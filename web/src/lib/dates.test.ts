import { describe, expect, it } from 'vitest';
import { formatDay, formatInstant, fromSiteLocal, instantTitle, isIsoDay, siteToday, toSiteLocal, utcText, zoneName } from './dates';

describe('formatDay', () => {
  it('shows a calendar day as YYYY-MM-DD, whatever the reader’s locale, and — for none', () => {
    expect(formatDay('2026-12-05')).toBe('2026-12-05');
    expect(formatDay(null)).toBe('—');
    expect(formatDay(undefined)).toBe('—');
  });

  it('knows a real day from a typed mistake', () => {
    expect(isIsoDay('2026-02-28')).toBe(true);
    expect(isIsoDay('2028-02-29')).toBe(true);
    expect(isIsoDay('2026-02-29')).toBe(false);
    expect(isIsoDay('05/12/2026')).toBe(false);
    expect(isIsoDay('2026-12-5')).toBe(false);
  });
});

describe('formatInstant', () => {
  it('shows an instant at the site with its zone named', () => {
    expect(formatInstant('2026-11-22T15:00:00.000Z', 'America/Chicago')).toBe('2026-11-22 09:00 CST (America/Chicago)');
    expect(formatInstant('2026-11-22T15:00:00.000Z', 'Europe/Berlin')).toBe('2026-11-22 16:00 GMT+1 (Europe/Berlin)');
  });

  it('follows daylight saving time at the site', () => {
    expect(formatInstant('2026-07-01T15:00:00.000Z', 'America/Chicago')).toBe('2026-07-01 10:00 CDT (America/Chicago)');
    expect(formatInstant('2026-07-01T15:00:00.000Z', 'Europe/Madrid')).toBe('2026-07-01 17:00 GMT+2 (Europe/Madrid)');
  });

  it('moves to the site’s day when it differs from the UTC day', () => {
    expect(formatInstant('2026-12-05T03:30:00.000Z', 'America/Chicago')).toBe('2026-12-04 21:30 CST (America/Chicago)');
  });

  it('shows UTC named as UTC where there is no site', () => {
    expect(formatInstant('2026-11-22T15:00:42.000Z')).toBe('2026-11-22 15:00 UTC');
    expect(formatInstant('2026-11-22T15:00:42.000Z', null)).toBe('2026-11-22 15:00 UTC');
    expect(formatInstant('2026-11-22T15:00:42.000Z', 'UTC')).toBe('2026-11-22 15:00 UTC');
  });

  it('gives the UTC time for the hover of a site time', () => {
    expect(instantTitle('2026-11-22T15:00:00.000Z')).toBe('2026-11-22 15:00 UTC');
    expect(utcText('2026-11-22T15:00:00+01:00')).toBe('2026-11-22 14:00 UTC');
  });

  it('leaves text that is not an instant as it is', () => {
    expect(formatInstant('not a time', 'America/Chicago')).toBe('not a time');
  });
});

describe('site-local time inputs', () => {
  it('turns the site’s wall-clock time into the instant, on both sides of a DST change', () => {
    expect(fromSiteLocal('2026-11-22 09:00', 'America/Chicago')).toBe('2026-11-22T15:00:00.000Z');
    expect(fromSiteLocal('2026-07-01T10:00', 'America/Chicago')).toBe('2026-07-01T15:00:00.000Z');
    // Chicago leaves DST on 1 Nov 2026 at 02:00 and Berlin starts it on 29 Mar 2026: the offset after the change applies.
    expect(fromSiteLocal('2026-11-01 03:00', 'America/Chicago')).toBe('2026-11-01T09:00:00.000Z');
    expect(fromSiteLocal('2026-03-29 03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses what is not a time', () => {
    expect(fromSiteLocal('22/11/2026 09:00', 'America/Chicago')).toBeNull();
    expect(fromSiteLocal('2026-02-30 09:00', 'America/Chicago')).toBeNull();
    expect(fromSiteLocal('2026-11-22 25:00', 'America/Chicago')).toBeNull();
  });

  it('fills the input with the site’s wall-clock time, and reads it back to the same instant', () => {
    const now = new Date('2026-12-05T20:15:00.000Z');
    expect(toSiteLocal(now, 'America/Chicago')).toBe('2026-12-05 14:15');
    expect(fromSiteLocal(toSiteLocal(now, 'Europe/Madrid'), 'Europe/Madrid')).toBe(now.toISOString());
  });

  it('gives the site’s day around midnight UTC, ahead of UTC in Auckland and behind it in Los Angeles', () => {
    // 23:30 UTC on 5 December: already 12:30 on the 6th in Auckland (NZDT, UTC+13), 15:30 on the 5th in Los Angeles.
    const lateUtc = new Date('2026-12-05T23:30:00.000Z');
    expect(siteToday('Pacific/Auckland', lateUtc)).toBe('2026-12-06');
    expect(siteToday('America/Los_Angeles', lateUtc)).toBe('2026-12-05');
    // 00:30 UTC on 6 December: still 16:30 on the 5th in Los Angeles.
    const earlyUtc = new Date('2026-12-06T00:30:00.000Z');
    expect(siteToday('America/Los_Angeles', earlyUtc)).toBe('2026-12-05');
    expect(siteToday('Pacific/Auckland', earlyUtc)).toBe('2026-12-06');
    // In July Auckland is on NZST (UTC+12): 11:59 UTC is 23:59 there, 12:00 UTC the next day.
    expect(siteToday('Pacific/Auckland', new Date('2026-07-01T11:59:00.000Z'))).toBe('2026-07-01');
    expect(siteToday('Pacific/Auckland', new Date('2026-07-01T12:00:00.000Z'))).toBe('2026-07-02');
  });

  it('knows the site’s day and names its zone', () => {
    const evening = new Date('2026-12-06T02:00:00.000Z');
    expect(siteToday('America/Chicago', evening)).toBe('2026-12-05');
    expect(siteToday('Europe/Berlin', evening)).toBe('2026-12-06');
    expect(zoneName('America/Chicago', evening)).toBe('America/Chicago (CST)');
  });
});
