import { utcDate } from '../platform/dates.js';
/**
 * The demo's dates are days relative to the day of seeding, so the demo never goes stale:
 * −45 is 45 days ago, 45 is in 45 days. Computed in UTC from the clock's instant, so the
 * process's time zone never changes what is seeded.
 */
export type RelativeDay = number;

export function demoDay(now: Date, offset: RelativeDay): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  day.setUTCDate(day.getUTCDate() + offset);
  return utcDate(day);
}

/**
 * Actual dates are refused when in the future at the site; a site west of UTC may still be on
 * yesterday. Past facts are therefore seeded at least this many days back, and "late" or
 * "upcoming" planned dates at least this far from today, whatever the hour of seeding.
 */
export const safeMarginDays = 2;
