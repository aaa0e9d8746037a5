import { describe, expect, it } from 'vitest';
import { cumulativeSeries, type DailyCounts, periodOf, targetOn } from './enrollment-series.js';

const zero = { prescreened: 0, screened: 0, screenFailed: 0, enrolled: 0, completed: 0, withdrawn: 0, lost: 0, leftAfterEnrollment: 0 };
const on = (day: string, counts: Partial<DailyCounts>): DailyCounts => ({ ...zero, ...counts, day });

describe('periods', () => {
  it('are ISO weeks from Monday to Sunday, or calendar months', () => {
    expect(periodOf('2026-03-04', 'week')).toEqual({ start: '2026-03-02', end: '2026-03-08' });
    expect(periodOf('2026-03-08', 'week')).toEqual({ start: '2026-03-02', end: '2026-03-08' });
    expect(periodOf('2026-03-09', 'week')).toEqual({ start: '2026-03-09', end: '2026-03-15' });
    expect(periodOf('2028-02-10', 'month')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(periodOf('2026-12-31', 'month')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
  });
});

describe('the target line', () => {
  const line = { target: 10, start: '2026-01-01', end: '2026-01-11' };
  it('rises linearly from nothing at its start to the whole target at its end', () => {
    expect(targetOn('2025-12-01', [line])).toBe(0);
    expect(targetOn('2026-01-01', [line])).toBe(0);
    expect(targetOn('2026-01-04', [line])).toBe(3);
    expect(targetOn('2026-01-11', [line])).toBe(10);
    expect(targetOn('2026-06-01', [line])).toBe(10);
  });
  it('adds up several lines and is null without any', () => {
    expect(targetOn('2026-01-06', [line, { target: 3, start: '2026-01-03', end: '2026-01-06' }])).toBe(8);
    expect(targetOn('2026-01-06', [])).toBeNull();
    expect(targetOn('2026-01-02', [{ target: 4, start: '2026-01-05', end: '2026-01-05' }])).toBe(0);
  });
});

describe('the cumulative series', () => {
  const days = [
    on('2026-03-03', { screened: 2, prescreened: 3 }),
    on('2026-03-10', { enrolled: 2, screenFailed: 0 }),
    on('2026-03-20', { withdrawn: 1, leftAfterEnrollment: 1 }),
  ];

  it('has one point per week up to today, cumulative, with active derived', () => {
    const series = cumulativeSeries(days, '2026-03-18', 'week', []);
    expect(series.map((p) => [p.periodStart, p.date])).toEqual([
      ['2026-03-02', '2026-03-08'],
      ['2026-03-09', '2026-03-15'],
      ['2026-03-16', '2026-03-18'],
    ]);
    expect(series.map((p) => [p.screened, p.enrolled, p.active, p.withdrawn, p.target])).toEqual([
      [2, 0, 0, 0, null],
      [2, 2, 2, 0, null],
      [2, 2, 2, 0, null],
    ]);
  });

  it('has one point per month and counts a later day in its month', () => {
    const series = cumulativeSeries(days, '2026-04-02', 'month', [{ target: 31, start: '2026-03-01', end: '2026-04-01' }]);
    expect(series.map((p) => [p.date, p.enrolled, p.active, p.target])).toEqual([
      ['2026-03-31', 2, 1, 30],
      ['2026-04-02', 2, 1, 31],
    ]);
  });

  it('counts a withdrawal during screening as withdrawn but never as active', () => {
    const screeningWithdrawal = [on('2026-03-03', { screened: 2, enrolled: 1 }), on('2026-03-04', { withdrawn: 1 })];
    const [point] = cumulativeSeries(screeningWithdrawal, '2026-03-08', 'week', []);
    expect(point).toMatchObject({ enrolled: 1, withdrawn: 1, active: 1 });
  });

  it('is empty without data', () => {
    expect(cumulativeSeries([], '2026-03-18', 'week', [])).toEqual([]);
  });
});
