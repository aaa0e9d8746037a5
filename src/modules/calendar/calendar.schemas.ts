import { z } from 'zod';
import { id, isoDate } from '../../platform/http/fields.js';
import { visitKinds } from '../protocols/protocol.schemas.js';

/** The longest range one call may ask for: two months, so any month grid (≤ 6 weeks) is one call. */
export const maxCalendarDays = 62;

/** A scheduled visit counts as upcoming when its target day falls within this many days from today. */
export const upcomingDays = 7;

function dayCount(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
}

const rangeFields = {
  from: isoDate.describe('First day shown (a site calendar day), YYYY-MM-DD'),
  to: isoDate.describe(`Last day shown, inclusive; at most ${maxCalendarDays} days after from`),
};

/** Day, week and month views are the same range: the client asks for the days it shows. */
function checkRange(range: { from: string; to: string }, issue: (message: string) => void): void {
  const days = dayCount(range.from, range.to);
  if (days < 1) issue('Must be on or after from.');
  else if (days > maxCalendarDays) issue(`At most ${maxCalendarDays} days from from (inclusive).`);
}

export const siteCalendarQuerySchema = z.strictObject(rangeFields).superRefine((range, ctx) => {
  checkRange(range, (message) => ctx.addIssue({ code: 'custom', path: ['to'], message }));
});
export type SiteCalendarQuery = z.infer<typeof siteCalendarQuerySchema>;

export const myCalendarQuerySchema = z
  .strictObject({
    ...rangeFields,
    coordinatorUserId: id
      .optional()
      .describe("Another coordinator's calendar, limited to the study-sites whose participants the caller may read"),
  })
  .superRefine((range, ctx) => {
    checkRange(range, (message) => ctx.addIssue({ code: 'custom', path: ['to'], message }));
  });
export type MyCalendarQuery = z.infer<typeof myCalendarQuerySchema>;

export const visitStatuses = ['scheduled', 'completed', 'missed', 'cancelled'] as const;

/** One visit on a calendar: pseudonymous (subject number), never a name and never an arm. */
export const calendarItemSchema = z.object({
  visitId: id,
  participantId: id,
  subjectNumber: z.string(),
  studyId: id,
  studyShortName: z.string(),
  studySiteId: id,
  siteId: id,
  siteNumber: z.string(),
  siteName: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.string().describe(`The protocol's visit kind: ${visitKinds.join(', ')}`),
  targetDate: isoDate.nullable().describe('Null for unscheduled visits (they show on their actual date)'),
  windowStart: isoDate.nullable(),
  windowEnd: isoDate.nullable(),
  status: z.enum(visitStatuses),
  actualDate: isoDate.nullable(),
  coordinatorUserId: id.nullable(),
  timeZone: z.string().describe("The site's IANA time zone: booked times are given in it"),
  appointment: z
    .object({
      startsAt: z.iso.datetime(),
      endsAt: z.iso.datetime(),
      localStart: z.string().describe("Wall-clock start at the site, 'YYYY-MM-DDTHH:mm'"),
      localEnd: z.string().describe("Wall-clock end at the site, 'YYYY-MM-DDTHH:mm'"),
      room: z.string().nullable(),
      staffPersonId: id,
      staffName: z.string(),
    })
    .nullable()
    .describe('The booked time, room and staff member; null when not booked (the visit shows on its target day)'),
  siteToday: isoDate.describe("The site's calendar day now: the flags below are judged against it"),
  overdue: z
    .boolean()
    .describe('Still scheduled, and the last day of its window (its target day when it has no window) is before the site today'),
  upcoming: z.boolean().describe(`Still scheduled, and its target day is the site today or within the ${upcomingDays} days after it`),
});
export type CalendarItem = z.infer<typeof calendarItemSchema>;

export const calendarSchema = z.object({
  from: isoDate,
  to: isoDate,
  items: z
    .array(calendarItemSchema)
    .describe('By day (target day, else actual day), then subject number and visit order; a booked visit sits on its booked day'),
  truncated: z.boolean().describe('True when the range held more visits than one answer carries: ask for fewer days'),
});
export type Calendar = z.infer<typeof calendarSchema>;

export const siteCalendarSchema = calendarSchema.extend({ today: isoDate.describe("The site's calendar day now") });

export const calendarFeedSchema = z.object({
  id,
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
export type CalendarFeed = z.infer<typeof calendarFeedSchema>;

export const createdCalendarFeedSchema = calendarFeedSchema.extend({
  url: z.string().describe('The secret address of the feed (/ical/<token>.ics): shown once, never again'),
});
export type CreatedCalendarFeed = z.infer<typeof createdCalendarFeedSchema>;

export const calendarFeedListSchema = z.object({ items: z.array(calendarFeedSchema) });
