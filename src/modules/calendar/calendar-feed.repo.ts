import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { CalendarFeedsTable } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import type { CalendarFeed } from './calendar.schemas.js';

type CalendarFeedRow = Selectable<CalendarFeedsTable>;

/** 32 random bytes: the feed's URL is its only credential, so it must be unguessable. */
export function newFeedToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only the hash is stored: a copy of the database does not hand out working feed URLs. */
export function feedTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function feedUrl(token: string): string {
  return `/ical/${token}.ics`;
}

export function toCalendarFeed(row: CalendarFeedRow): CalendarFeed {
  return { id: row.id, createdAt: iso(row.created_at), revokedAt: row.revoked_at ? iso(row.revoked_at) : null };
}

/** The caller's own feeds, newest first, revoked ones included (with when); no one else's. */
export async function listFeedsOfCaller(db: Kysely<DB>, ctx: RequestContext): Promise<CalendarFeed[]> {
  if (ctx.actor.kind !== 'user') throw notFound('calendar feed');
  const userId = ctx.actor.userId;
  const rows = await db
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toCalendarFeed);
}

/**
 * Unsafe (no context): the live feed a token opens; a revoked or unknown token opens none. The
 * public feed route has no signed-in caller: the secret token is the credential (render-calendar-feed.ts).
 */
export function unsafeFindActiveFeedByToken(db: Kysely<DB>, token: string): Promise<CalendarFeedRow | undefined> {
  return db
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('token_sha256', '=', feedTokenHash(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Unsafe (no context): the user a feed belongs to, for its history reader, which compares it with the caller. */
export async function unsafeOwnerOfFeed(db: Kysely<DB>, feedId: string): Promise<string | undefined> {
  const row = await db.selectFrom('calendar_feeds').select('user_id').where('id', '=', feedId).executeTakeFirst();
  return row?.user_id;
}

export function insertFeed(tx: Kysely<DB>, userId: string, tokenSha256: string, createdAt: Date): Promise<CalendarFeedRow> {
  return tx
    .insertInto('calendar_feeds')
    .values({ user_id: userId, token_sha256: tokenSha256, created_at: createdAt })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One of the caller's live feeds, locked for revoking; someone else's answers like a missing one. */
export function lockLiveFeedOf(tx: Kysely<DB>, userId: string, feedId: string) {
  return tx
    .selectFrom('calendar_feeds')
    .select(['id', 'revoked_at'])
    .where('id', '=', feedId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export async function markFeedRevoked(tx: Kysely<DB>, feedId: string, revokedAt: Date): Promise<void> {
  await tx.updateTable('calendar_feeds').set({ revoked_at: revokedAt }).where('id', '=', feedId).execute();
}
