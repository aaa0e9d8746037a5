import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { HistoryReader } from '../../platform/modules/module-manifest.js';
import { isDeliveryOfCaller, isDigestOfCaller } from './email.repo.js';

/** History readers for audit.repo.ts: e-mail concerns its recipient only, so only they (or the system) read its history. */
export const emailHistoryReaders = {
  email_delivery: isDeliveryOfCaller satisfies HistoryReader,
  email_digest: isDigestOfCaller satisfies HistoryReader,
  // A user's preferences are audited under their user id.
  email_preferences: (async (_db: Kysely<DB>, ctx: RequestContext, userId: string) =>
    ctx.actor.kind === 'system' || (ctx.actor.kind === 'user' && ctx.actor.userId === userId)) satisfies HistoryReader,
};
