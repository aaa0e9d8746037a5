// Booked times are wall-clock times at the site ('YYYY-MM-DDTHH:mm' in its IANA zone), shown
// with the zone named, whatever the reader's own zone: the visit happens where the site is.

/** Today at the site, 'YYYY-MM-DD'. */
export function siteToday(timeZone: string, now = new Date()): string {
  return now.toLocaleDateString('en-CA', { timeZone });
}

/** The zone's short name at an instant ('CST', 'GMT+1'), after its IANA name. */
export function zoneName(timeZone: string, at = new Date()): string {
  const short = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  return short ? `${timeZone} (${short})` : timeZone;
}

/** '09:30–10:15' from two site-local times of one day. */
export const timeRange = (localStart: string, localEnd: string) => `${localStart.slice(11, 16)}–${localEnd.slice(11, 16)}`;

/** An instant in UTC, for the hover of a site-local time. */
export const utcText = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
