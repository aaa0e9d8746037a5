// Calendar dates ('YYYY-MM-DD') are formatted from their parts: a JS Date in local time would
// move them a day for anyone west of UTC.
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatCalendarDate(value: string | null | undefined): string {
  if (!value) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const month = monthNames[Number(match[2]) - 1] ?? match[2];
  return `${Number(match[3])} ${month} ${match[1]}`;
}

/** An instant as UTC, the way the audit trail records it. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An instant in the reader's own time zone. */
export function formatLocal(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : localFormat.format(date);
}

export const localTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Today as the user's own calendar shows it, 'YYYY-MM-DD': the default for "when did it happen"
 * at a site, where the user is. The UTC date is a day ahead in the Americas every evening, which
 * the server rightly refuses as a date in the future.
 */
export const localToday = (): string => new Date().toLocaleDateString('en-CA');
