import { addDays, instantAtLocal, localDate } from '../../platform/dates.js';

/**
 * The reporting clocks of ADR 0022, computed by the server only (never from a client's clock).
 * Site to sponsor: exact elapsed hours from the site's awareness (a daylight-saving change at the
 * site moves the wall clock, not the deadline). Sponsor to regulator: calendar days, day 0 the
 * date the sponsor first learned in the country's zone, due at the end of day N there.
 */

export const clockStatuses = ['due', 'due_soon', 'overdue', 'met'] as const;
export type ClockStatus = (typeof clockStatuses)[number];

/** How near a deadline counts as "due soon": 4 hours for the 24-hour site clock, 1 day for the regulatory ones. */
export const siteDueSoonMs = 4 * 60 * 60 * 1000;
export const regulatoryDueSoonMs = 24 * 60 * 60 * 1000;

/** ICH E2A, 21 CFR 312.32(c), EU CTR Art. 42: 7 days fatal or life-threatening, 8 more for the complete report, 15 otherwise. */
export const defaultSusarDays = { fatalDays: 7, completionDays: 8, otherDays: 15 } as const;

export function siteDueAt(siteAwareAt: Date, hours: number): Date {
  return new Date(siteAwareAt.getTime() + hours * 60 * 60 * 1000);
}

/** The first instant of a calendar day at a place (01:00 when the clocks skip midnight that day). */
function startOfLocalDay(date: string, timeZone: string): Date {
  const at = instantAtLocal(`${date}T00:00`, timeZone) ?? instantAtLocal(`${date}T01:00`, timeZone);
  if (!at) throw new Error(`no start of ${date} in ${timeZone}`);
  return at;
}

/** Day 0 and the last millisecond of day `days`, both at `timeZone`. */
export function regulatoryDeadline(sponsorAwareAt: Date, days: number, timeZone: string): { dayZero: string; dueAt: Date } {
  const dayZero = localDate(sponsorAwareAt, timeZone);
  const dueAt = new Date(startOfLocalDay(addDays(dayZero, days + 1), timeZone).getTime() - 1);
  return { dayZero, dueAt };
}

/**
 * A country may hold sites in several zones: its clock follows the zone whose day ends first, so
 * that the report is never late by any of the country's sites' calendars.
 */
export function earliestDeadline(
  sponsorAwareAt: Date,
  days: number,
  timeZones: string[],
): { dayZero: string; dueAt: Date; timeZone: string } {
  const [first, ...rest] = timeZones;
  if (!first) throw new Error('a country clock needs a site zone');
  let best = { ...regulatoryDeadline(sponsorAwareAt, days, first), timeZone: first };
  for (const timeZone of rest) {
    const candidate = regulatoryDeadline(sponsorAwareAt, days, timeZone);
    if (candidate.dueAt < best.dueAt) best = { ...candidate, timeZone };
  }
  return best;
}

export function clockStatus(dueAt: Date, metAt: Date | null, now: Date, dueSoonMs: number): ClockStatus {
  if (metAt) return 'met';
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left <= dueSoonMs ? 'due_soon' : 'due';
}
