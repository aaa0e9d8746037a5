import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { unsafeOwnerOfFeed } from './calendar-feed.repo.js';

type Reader = (db: Kysely<DB>, ctx: RequestContext, id: string) => Promise<boolean>;

/** History readers for audit.repo.ts: a feed concerns one user, so only they (or the system) read its history. */
export const calendarHistoryReaders = {
  calendar_feed: (async (db, ctx, id) => {
    const userId = await unsafeOwnerOfFeed(db, id);
    return Boolean(userId && (ctx.actor.kind === 'system' || (ctx.actor.kind === 'user' && ctx.actor.userId === userId)));
  }) as Reader,
};
