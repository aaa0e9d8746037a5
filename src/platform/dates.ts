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

/** Wall-clock formatters by zone ('YYYY-MM-DD, HH:mm' in en-CA with a 24-hour clock). */
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallClockFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time of an instant at a place, 'YYYY-MM-DDTHH:mm' (IANA zone). */
export function localDateTime(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    wallClock(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * The instant a wall-clock time 'YYYY-MM-DDTHH:mm' names at a place; undefined for a time the
 * clocks skip (the hour lost when daylight saving time starts). Of the two instants of the hour
 * repeated when it ends, the first.
 */
export function instantAtLocal(local: string, timeZone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offsetAt = (instant: number) => Date.parse(`${localDateTime(new Date(instant), timeZone)}:00Z`) - instant;
  // The zone's offset one day before is the offset before any change that day: try it first,
  // so that a repeated hour answers with its first instant.
  for (const offset of [offsetAt(asUtc - 86_400_000), offsetAt(asUtc), offsetAt(asUtc + 86_400_000)]) {
    const candidate = new Date(asUtc - offset);
    if (localDateTime(candidate, timeZone) === local) return candidate;
  }
  return undefined;
}

/**
 * An instant as a sentence writes it, the web app's rule: the place's wall-clock time to the
 * minute with its zone named, '2026-11-22 16:00 (Europe/Berlin)'. Never raw ISO or seconds.
 */
export function localTimeText(instant: Date, timeZone: string): string {
  return `${localDateTime(instant, timeZone).replace('T', ' ')} (${timeZone})`;
}
