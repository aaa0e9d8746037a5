import type { Kysely } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import { visibleSites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { localDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { listCalendarVisits } from './calendar.repo.js';
import type { Calendar, SiteCalendarQuery } from './calendar.schemas.js';

/**
 * A site's calendar: every visit at the site's study-sites whose participants the caller may
 * read (a sponsor's monitor sees its own study's visits there, not another sponsor's).
 */
export async function listSiteCalendar(
  db: Kysely<DB>,
  ctx: RequestContext,
  siteId: string,
  range: SiteCalendarQuery,
): Promise<Calendar & { today: string }> {
  const site = await db
    .selectFrom('sites')
    .select(['sites.id', 'sites.time_zone'])
    .where('sites.id', '=', siteId)
    .where(visibleSites(scopeIds(ctx.actor, 'participant.read')))
    .executeTakeFirst();
  if (!site) throw notFound('site');
  const { items, truncated } = await listCalendarVisits(db, ctx, { ...range, siteId });
  return { from: range.from, to: range.to, today: localDate(ctx.now(), site.time_zone), items, truncated };
}
