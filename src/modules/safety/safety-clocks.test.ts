import { describe, expect, it } from 'vitest';
import { isCertainlyBefore, isPartialDate } from './partial-dates.js';
import { clockStatus, earliestDeadline, regulatoryDeadline, siteDueAt } from './safety-clocks.js';

describe('reporting clocks', () => {
  it('run the site clock in elapsed hours, whatever the wall clock does', () => {
    // Berlin springs forward on 2026-03-29: 24 hours after 10:00 CET is 11:00 CEST.
    expect(siteDueAt(new Date('2026-03-28T09:00:00Z'), 24).toISOString()).toBe('2026-03-29T09:00:00.000Z');
  });

  it('end day N at the local midnight of the zone, a 23-hour day included', () => {
    // Day 0 is 2026-03-22 in Berlin; day 7 (2026-03-29) is the short day and ends at 22:00 UTC.
    expect(regulatoryDeadline(new Date('2026-03-22T10:00:00Z'), 7, 'Europe/Berlin')).toEqual({
      dayZero: '2026-03-22',
      dueAt: new Date('2026-03-29T21:59:59.999Z'),
    });
    // 23:30 UTC on 22 March is already the 23rd in Berlin.
    expect(regulatoryDeadline(new Date('2026-03-22T23:30:00Z'), 7, 'Europe/Berlin').dayZero).toBe('2026-03-23');
    expect(regulatoryDeadline(new Date('2026-03-22T23:30:00Z'), 7, 'UTC').dueAt.toISOString()).toBe('2026-03-29T23:59:59.999Z');
  });

  it('follow the zone whose day ends first when a country has sites in several', () => {
    const due = earliestDeadline(new Date('2026-06-01T15:00:00Z'), 15, ['America/Los_Angeles', 'America/New_York']);
    expect(due).toEqual({ dayZero: '2026-06-01', dueAt: new Date('2026-06-17T03:59:59.999Z'), timeZone: 'America/New_York' });
  });

  it('are due, due soon, overdue or met', () => {
    const dueAt = new Date('2026-06-02T12:00:00Z');
    const soon = 4 * 60 * 60 * 1000;
    expect(clockStatus(dueAt, null, new Date('2026-06-02T07:59:59Z'), soon)).toBe('due');
    expect(clockStatus(dueAt, null, new Date('2026-06-02T08:00:00Z'), soon)).toBe('due_soon');
    expect(clockStatus(dueAt, null, new Date('2026-06-02T12:00:00Z'), soon)).toBe('due_soon');
    expect(clockStatus(dueAt, null, new Date('2026-06-02T12:00:00.001Z'), soon)).toBe('overdue');
    expect(clockStatus(dueAt, new Date('2026-06-03T00:00:00Z'), new Date('2026-06-04T00:00:00Z'), soon)).toBe('met');
  });
});

describe('partial dates', () => {
  it('take YYYY, YYYY-MM and real YYYY-MM-DD only', () => {
    expect(['2026', '2026-02', '2024-02-29'].every(isPartialDate)).toBe(true);
    expect(['2026-13', '2026-02-29', '26', '2026-2', '2026-02-01T00:00'].some(isPartialDate)).toBe(false);
  });

  it('compare at the precision both carry', () => {
    expect(isCertainlyBefore('2026-02-19', '2026-02-20')).toBe(true);
    expect(isCertainlyBefore('2026-02', '2026-02-20')).toBe(false);
    expect(isCertainlyBefore('2026-01', '2026-02-20')).toBe(true);
    expect(isCertainlyBefore('2026', '2026-02')).toBe(false);
  });
});
