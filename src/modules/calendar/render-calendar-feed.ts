import ical from 'ical-generator';
import type { Kysely } from 'kysely';
import { loadActor } from '../../platform/auth/sessions.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { addDays, localDateTime, utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { listFeedVisits } from './calendar.repo.js';
import { unsafeFindActiveFeedByToken } from './calendar-feed.repo.js';

/** How far the feed looks back and ahead: recent visits for context, the next half year to plan. */
export const feedDaysBack = 30;
export const feedDaysAhead = 180;

/**
 * The iCalendar text of a feed: one event per scheduled visit of the owner's participants, timed
 * when the visit is booked (with its room and staff member), all-day on its target day when not.
 * The owner's grants are read now, as for a request of their own (ADR 0002), so a deactivated
 * owner or a removed grant empties the feed at once; the feed stays valid so that calendar apps
 * keep polling quietly. Events carry subject numbers, never names or arms.
 */
export async function renderCalendarFeed(db: Kysely<DB>, ctx: RequestContext, token: string): Promise<string> {
  const feed = await unsafeFindActiveFeedByToken(db, token);
  if (!feed) throw notFound('calendar feed');
  const owner = await loadActor(db, feed.user_id);
  const today = utcDate(ctx.now());
  const visits = owner
    ? await listFeedVisits(db, { ...ctx, actor: owner }, owner.userId, addDays(today, -feedDaysBack), addDays(today, feedDaysAhead))
    : [];
  const calendar = ical({
    name: 'Trialdesk visits',
    prodId: { company: 'Trialdesk', product: 'Trialdesk', language: 'EN' },
    // Calendar apps poll; an hour keeps them close to the schedule without hammering the server.
    ttl: 60 * 60,
  });
  for (const visit of visits) {
    const targetDate = visit.target_date as string;
    const summary = `${visit.subject_number} · ${visit.study_short_name} · ${visit.code} ${visit.name}`;
    const window = `Window: ${visit.window_start ?? targetDate} to ${visit.window_end ?? targetDate}`;
    const site = `Site ${visit.site_number}, ${visit.site_name}`;
    // One UID per visit, so a rescheduled or booked visit moves in the subscriber's calendar.
    const id = `visit-${visit.id}@trialdesk`;
    const { appointment_starts_at: startsAt, appointment_ends_at: endsAt } = visit;
    if (startsAt && endsAt) {
      // A booked visit is a timed event in UTC, which every calendar app places in its own zone;
      // the site's wall-clock time is in the description for whoever reads it from elsewhere.
      const local = `${localDateTime(startsAt, visit.time_zone).replace('T', ' ')} to ${localDateTime(endsAt, visit.time_zone).slice(11)}`;
      calendar.createEvent({
        id,
        start: startsAt,
        end: endsAt,
        stamp: ctx.now(),
        summary,
        location: visit.appointment_room ?? undefined,
        description: [
          `Booked: ${local} (${visit.time_zone})`,
          `With: ${visit.appointment_staff_name ?? ''}`,
          ...(visit.appointment_room ? [`Room: ${visit.appointment_room}`] : []),
          window,
          site,
        ].join('\n'),
      });
      continue;
    }
    calendar.createEvent({
      id,
      allDay: true,
      start: new Date(`${targetDate}T00:00:00Z`),
      stamp: ctx.now(),
      summary,
      description: [window, `Target day: ${targetDate}`, site].join('\n'),
    });
  }
  return calendar.toString();
}
