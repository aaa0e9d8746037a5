import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../context.js';
import type { DB } from '../db/schema.js';
import type { Grant, ScopeType } from './authorize.js';
import type { Role } from './roles.js';

export const sessionCookieName = 'trialdesk_session';
export const sessionIdleLimitMs = 30 * 60 * 1000;
export const sessionAbsoluteLimitMs = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reads do not all become writes. */
const touchIntervalMs = 60 * 1000;

/** Only the SHA-256 of a session token is stored: a copy of the table opens no session. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Kysely<DB>, userId: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ token_hash: hashSessionToken(token), user_id: userId, created_at: now, last_seen_at: now })
    .execute();
  return token;
}

/**
 * How resolveSession writes its bookkeeping (ending an idle session, the last-seen time). The
 * request path passes one that drops it while bulk work runs on the embedded database: a read
 * must not wait for that work's end, and the next request writes it (bulk-transaction.ts).
 */
export type SessionBookkeeping = (write: () => Promise<unknown>) => Promise<unknown>;

/** The user of a live session, or undefined when it ended, idled out or passed its absolute limit. */
export async function resolveSession(
  db: Kysely<DB>,
  token: string,
  now: Date,
  bookkeeping: SessionBookkeeping = (write) => write(),
): Promise<string | undefined> {
  const tokenHash = hashSessionToken(token);
  const session = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!session || session.ended_at) return undefined;
  const idleFor = now.getTime() - new Date(session.last_seen_at).getTime();
  const age = now.getTime() - new Date(session.created_at).getTime();
  if (idleFor > sessionIdleLimitMs || age > sessionAbsoluteLimitMs) {
    await bookkeeping(() => db.updateTable('sessions').set({ ended_at: now }).where('token_hash', '=', tokenHash).execute());
    return undefined;
  }
  if (idleFor > touchIntervalMs) {
    await bookkeeping(() => db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute());
  }
  return session.user_id;
}

export async function endSession(db: Kysely<DB>, token: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ ended_at: now })
    .where('token_hash', '=', hashSessionToken(token))
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends every open session of a user (deactivated, or a new password), in the caller's transaction. */
export async function endSessionsOfUser(db: Kysely<DB>, userId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ ended_at: now }).where('user_id', '=', userId).where('ended_at', 'is', null).execute();
}

/** The acting user with the grants in force now: a revoked grant is gone on the next request. */
export async function loadActor(db: Kysely<DB>, userId: string): Promise<Actor | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'full_name', 'organization_id'])
    .where('id', '=', userId)
    .where('is_active', '=', true)
    .executeTakeFirst();
  if (!user) return undefined;
  const grants = await db.selectFrom('grants').select(['id', 'role', 'scope_type', 'scope_id']).where('user_id', '=', userId).execute();
  return {
    kind: 'user',
    userId: user.id,
    email: user.email,
    fullName: user.full_name,
    organizationId: user.organization_id,
    grants: grants.map((g): Grant => ({ id: g.id, role: g.role as Role, scopeType: g.scope_type as ScopeType, scopeId: g.scope_id })),
  };
}
