import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { CalendarFeedsTable } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
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

/** A user's feeds, newest first, revoked ones included (with when). */
export async function listFeedsOfUser(db: Kysely<DB>, userId: string): Promise<CalendarFeed[]> {
  const rows = await db
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toCalendarFeed);
}

/** The live feed a token opens; a revoked or unknown token opens none. */
export function findActiveFeedByToken(db: Kysely<DB>, token: string): Promise<CalendarFeedRow | undefined> {
  return db
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('token_sha256', '=', feedTokenHash(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
