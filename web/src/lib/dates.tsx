import { Tooltip } from '@mantine/core';

// One rule for every date and time the web app shows or takes:
// - a calendar day (a visit's date, an expiry, a birth date) is ISO 'YYYY-MM-DD', the same text the
//   date inputs take and the server's sentences use: never mm/dd or dd/mm, whatever the browser's locale;
// - an instant (a signature, a consent, an upload) is shown as the site's wall-clock time with its zone
//   named, and UTC on hover; where a page has no site (admin lists, the audit trail across sites) it is
//   shown in UTC, named as UTC. The reader's own time zone is never used: the work happens at the site.
// Days are handled as text throughout: a JS Date in local time would move them a day west of UTC.

const isoDayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day as shown everywhere: 'YYYY-MM-DD', or '—' for none. */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  return day;
}

/** True for a real calendar day written 'YYYY-MM-DD' (not 2026-02-30). */
export function isIsoDay(value: string): boolean {
  const match = isoDayPattern.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

interface WallClock {
  day: string;
  time: string;
  /** The zone's short name at that instant: 'CST', 'CDT', 'GMT+1'. */
  abbreviation: string;
}

function wallClock(at: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? '';
  return {
    day: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
    abbreviation: part('timeZoneName'),
  };
}

const parseInstant = (instant: string): Date | null => {
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** An instant in UTC, named as UTC: '2026-11-22 15:00 UTC'. */
export function utcText(instant: string): string {
  const date = parseInstant(instant);
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : instant;
}

/**
 * An instant as the site's wall-clock time with the zone named: '2026-11-22 09:00 CST (America/Chicago)'.
 * Without a site zone (or for UTC itself) it is UTC, named as UTC.
 */
export function formatInstant(instant: string, timeZone?: string | null): string {
  const date = parseInstant(instant);
  if (!date) return instant;
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') return utcText(instant);
  const clock = wallClock(date, timeZone);
  return `${clock.day} ${clock.time} ${clock.abbreviation} (${timeZone})`;
}

/** The hover text of a site-local time: the same instant in UTC. */
export const instantTitle = (instant: string) => `${utcText(instant)}`;

/** An instant at a site (or in UTC without one), with UTC on hover. */
export function SiteTime({ instant, zone }: { instant: string | null | undefined; zone?: string | null }) {
  if (!instant) return <>—</>;
  const text = formatInstant(instant, zone);
  const utc = instantTitle(instant);
  if (text === utc) return <time dateTime={instant}>{text}</time>;
  return (
    <Tooltip label={utc}>
      <time dateTime={instant}>{text}</time>
    </Tooltip>
  );
}

/**
 * The caption of statuses judged on "today" (valid, late, expiring): when the page read them, as
 * SiteTime shows an instant. On a site's page the site's time with its zone named, as its day is
 * the one the server judged on; on a page across sites in UTC, named as UTC. `readAt` is the
 * moment the answer arrived (a query's dataUpdatedAt).
 */
export function AsOf({ readAt, zone, label = 'As of' }: { readAt: number; zone?: string | null; label?: string }) {
  if (!readAt) return null;
  return (
    <>
      {label} <SiteTime instant={new Date(readAt).toISOString()} zone={zone} />
    </>
  );
}

/**
 * Today at the site, 'YYYY-MM-DD': the default of every date input of a site's form, the same day
 * the server judges "not in the future" by (its studySiteToday). Neither the reader's day nor the
 * UTC day: at 20:00 in Los Angeles it is already tomorrow in UTC, and in Auckland the site's
 * morning is still yesterday in UTC.
 */
export function siteToday(timeZone: string, now = new Date()): string {
  return wallClock(now, timeZone).day;
}

/**
 * The reader's own calendar day, only for a page that spans sites and has not chosen one yet (the
 * calendar before its first answer). A form of a site uses siteToday; a study-level day (a
 * planned FPI) is a day with no zone and has no "today" default.
 */
export function today(): string {
  return new Date().toLocaleDateString('en-CA');
}

/** The zone named for a field or a caption: 'America/Chicago (CST)'. */
export function zoneName(timeZone: string, at = new Date()): string {
  const short = wallClock(at, timeZone).abbreviation;
  return short ? `${timeZone} (${short})` : timeZone;
}

/** '09:30–10:15' from two site-local times of one day ('YYYY-MM-DDTHH:mm'). */
export const timeRange = (localStart: string, localEnd: string) => `${localStart.slice(11, 16)}–${localEnd.slice(11, 16)}`;

/** An instant as the site's wall-clock time, 'YYYY-MM-DD HH:mm': the value of a site-local time input. */
export function toSiteLocal(instant: Date | string, timeZone: string): string {
  const date = typeof instant === 'string' ? parseInstant(instant) : instant;
  if (!date) return '';
  const clock = wallClock(date, timeZone);
  return `${clock.day} ${clock.time}`;
}

const siteLocalPattern = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$/;

/**
 * The instant (ISO, UTC) of a wall-clock time 'YYYY-MM-DD HH:mm' at the site, or null when the
 * text is not one. A time skipped by a DST change resolves to the hour after it.
 */
export function fromSiteLocal(local: string, timeZone: string): string | null {
  const match = siteLocalPattern.exec(local.trim());
  if (!match?.[1] || !isIsoDay(match[1]) || Number(match[2]) > 23 || Number(match[3]) > 59) return null;
  const [year, month, day] = match[1].split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, Number(match[2]), Number(match[3]));
  // The zone's offset at a guess, applied twice: right on both sides of a DST change.
  const offset = (at: number) => {
    const clock = wallClock(new Date(at), timeZone);
    const [y, m, d] = clock.day.split('-').map(Number) as [number, number, number];
    const [h, min] = clock.time.split(':').map(Number) as [number, number];
    return Date.UTC(y, m - 1, d, h, min) - at;
  };
  let guess = asUtc - offset(asUtc);
  guess = asUtc - offset(guess);
  return new Date(guess).toISOString();
}
