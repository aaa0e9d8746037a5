import { addDays } from '../../platform/dates.js';
import type { EnrollmentInterval, EnrollmentPoint, Funnel } from './enrollment.schemas.js';

/** One day's changes, as enrollment_daily holds them (summed over the study-sites in view). */
export interface DailyCounts {
  day: string;
  prescreened: number;
  screened: number;
  screenFailed: number;
  enrolled: number;
  completed: number;
  withdrawn: number;
  lost: number;
  /** Enrolled participants who completed, withdrew or were lost that day. */
  leftAfterEnrollment: number;
}

/** A target spread linearly: none at `start`, all of `target` by `end` (inclusive). */
export interface TargetLine {
  target: number;
  start: string;
  end: string;
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

export function emptyFunnel(): Funnel {
  return { prescreened: 0, screened: 0, screenFailed: 0, enrolled: 0, active: 0, completed: 0, withdrawn: 0, lost: 0 };
}

/** Adds one day's counts to a running funnel; `active` is enrolled minus those who left since. */
export function addToFunnel(funnel: Funnel, day: Omit<DailyCounts, 'day'>): Funnel {
  return {
    prescreened: funnel.prescreened + day.prescreened,
    screened: funnel.screened + day.screened,
    screenFailed: funnel.screenFailed + day.screenFailed,
    enrolled: funnel.enrolled + day.enrolled,
    completed: funnel.completed + day.completed,
    withdrawn: funnel.withdrawn + day.withdrawn,
    lost: funnel.lost + day.lost,
    active: funnel.active + day.enrolled - day.leftAfterEnrollment,
  };
}

/** The period a day falls in: its ISO week (Monday to Sunday) or its calendar month. */
export function periodOf(day: string, interval: EnrollmentInterval): { start: string; end: string } {
  if (interval === 'month') {
    const [year, month] = day.split('-').map(Number) as [number, number];
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const prefix = day.slice(0, 8);
    return { start: `${prefix}01`, end: `${prefix}${String(lastDay).padStart(2, '0')}` };
  }
  const isoWeekday = new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
  return { start: addDays(day, 1 - isoWeekday), end: addDays(day, 7 - isoWeekday) };
}

/** Planned enrollment on a day: the sum of the lines, rounded to hundredths; null without lines. */
export function targetOn(day: string, lines: TargetLine[]): number | null {
  if (lines.length === 0) return null;
  let total = 0;
  for (const line of lines) {
    const span = dayNumber(line.end) - dayNumber(line.start);
    const elapsed = dayNumber(day) - dayNumber(line.start);
    if (day >= line.end) total += line.target;
    else if (elapsed > 0 && span > 0) total += (line.target * elapsed) / span;
  }
  return Math.round(total * 100) / 100;
}

/**
 * The cumulative funnel at the end of each period from the first day with data to `today`
 * (the current period ends today). `days` must be sorted by day; later days are left out.
 */
export function cumulativeSeries(days: DailyCounts[], today: string, interval: EnrollmentInterval, lines: TargetLine[]): EnrollmentPoint[] {
  const first = days[0]?.day;
  if (!first || first > today) return [];
  const points: EnrollmentPoint[] = [];
  let running = emptyFunnel();
  let index = 0;
  for (let period = periodOf(first, interval); period.start <= today; period = periodOf(addDays(period.end, 1), interval)) {
    const date = period.end < today ? period.end : today;
    for (; index < days.length && (days[index] as DailyCounts).day <= date; index++) {
      running = addToFunnel(running, days[index] as DailyCounts);
    }
    points.push({ periodStart: period.start, date, ...running, target: targetOn(date, lines) });
  }
  return points;
}
