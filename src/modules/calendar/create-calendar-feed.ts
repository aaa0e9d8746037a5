import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden } from '../../platform/errors.js';
import type { CreatedCalendarFeed } from './calendar.schemas.js';
import { feedTokenHash, feedUrl, insertFeed, newFeedToken, toCalendarFeed } from './calendar-feed.repo.js';

/**
 * Opens an iCalendar feed of the caller's visits. The token is returned here once and never
 * stored or audited: whoever holds the URL can read the feed until it is revoked.
 */
export async function createCalendarFeed(db: Kysely<DB>, ctx: RequestContext): Promise<CreatedCalendarFeed> {
  if (ctx.actor.kind !== 'user') throw forbidden('A calendar feed belongs to a user.');
  const userId = ctx.actor.userId;
  const token = newFeedToken();
  return db.transaction().execute(async (tx) => {
    const row = await insertFeed(tx, userId, feedTokenHash(token), ctx.now());
    await writeAuditEvent(tx, ctx, {
      entityType: 'calendar_feed',
      entityId: row.id,
      action: 'create',
      changes: [{ field: 'userId', old: null, new: userId }],
    });
    return { ...toCalendarFeed(row), url: feedUrl(token) };
  });
}
