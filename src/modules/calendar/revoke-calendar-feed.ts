import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { lockLiveFeedOf, markFeedRevoked } from './calendar-feed.repo.js';

/** Ends a feed at once: its URL answers 404 from the next request. Only the owner revokes it. */
export async function revokeCalendarFeed(db: Kysely<DB>, ctx: RequestContext, feedId: string): Promise<void> {
  if (ctx.actor.kind !== 'user') throw notFound('calendar feed');
  const userId = ctx.actor.userId;
  await db.transaction().execute(async (tx) => {
    const feed = await lockLiveFeedOf(tx, userId, feedId);
    // Someone else's feed answers like a missing one, so feed ids reveal nothing.
    if (!feed) throw notFound('calendar feed');
    const revokedAt = ctx.now();
    await markFeedRevoked(tx, feedId, revokedAt);
    await writeAuditEvent(tx, ctx, {
      entityType: 'calendar_feed',
      entityId: feedId,
      action: 'status_change',
      changes: [{ field: 'revokedAt', old: null, new: revokedAt.toISOString() }],
    });
  });
}
