import ical from 'ical-generator';
import type { Kysely } from 'kysely';
import { loadActor } from '../../platform/auth/sessions.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { addDays, utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { listFeedVisits } from './calendar.repo.js';
import { unsafeFindActiveFeedByToken } from './calendar-feed.repo.js';

/** How far the feed looks back and ahead: recent visits for context, the next half year to plan. */
export const feedDaysBack = 30;
export const feedDaysAhead = 180;

/**
 * The iCalendar text of a feed: one all-day event per scheduled visit of the owner's
 * participants. The owner's grants are read now, as for a request of their own (ADR 0002), so
 * a deactivated owner or a removed grant empties the feed at once; the feed stays valid so that
 * calendar apps keep polling quietly. Events carry subject numbers, never names or arms.
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
    calendar.createEvent({
      // One UID per visit, so a rescheduled visit moves in the subscriber's calendar.
      id: `visit-${visit.id}@trialdesk`,
      allDay: true,
      start: new Date(`${targetDate}T00:00:00Z`),
      stamp: ctx.now(),
      summary: `${visit.subject_number} · ${visit.study_short_name} · ${visit.code} ${visit.name}`,
      description: [
        `Window: ${visit.window_start ?? targetDate} to ${visit.window_end ?? targetDate}`,
        `Target day: ${targetDate}`,
        `Site ${visit.site_number}, ${visit.site_name}`,
      ].join('\n'),
    });
  }
  return calendar.toString();
}
