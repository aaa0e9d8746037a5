import type { Kysely } from 'kysely';
import type { DB, UserRow } from '../../platform/db/schema.js';

/**
 * The login an e-mail names, whatever its case. Reads without a context: at login there is no
 * one acting yet; logIn compares the password before anything of the row leaves it.
 */
export function unsafeFindUserByEmail(db: Kysely<DB>, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

/**
 * The signed-in user's own account and organization name. Reads by user id without a context: it
 * runs right after login (and for /api/auth/me), where the session names the user and every user
 * may read their own account, with or without user.read.
 */
export function unsafeFindOwnAccount(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.email', 'users.full_name', 'users.organization_id', 'organizations.name as organization_name'])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
}
