/**
 * Calendar dates as 'YYYY-MM-DD' strings, the way `date` columns are read (never JS Dates,
 * which would shift across time zones). One copy for every module.
 */

/** The UTC calendar date of an instant. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Adds days to a date, in UTC. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return utcDate(d);
}

/** Adds whole years; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Building a formatter is costly (the benchmark's start-up board made hundreds): one per zone. */
const dateFormatters = new Map<string, Intl.DateTimeFormat | null>();

/** The calendar date at a place (IANA zone); UTC when the zone is unknown. */
export function localDate(now: Date, timeZone: string): string {
  let formatter = dateFormatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      formatter = null;
    }
    dateFormatters.set(timeZone, formatter);
  }
  return formatter ? formatter.format(now) : utcDate(now);
}
