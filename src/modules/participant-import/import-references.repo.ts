import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/**
 * Who an import file may name, read for a study-site the importer may write participant data at
 * (import-participants.ts checks it first).
 */

/** The site's staff with an e-mail, by lower-cased e-mail: who may have obtained consent. */
export async function staffByEmail(db: Kysely<DB>, siteId: string): Promise<Map<string, string>> {
  const staff = await db
    .selectFrom('site_staff')
    .innerJoin('people', 'people.id', 'site_staff.person_id')
    .select(['people.id', 'people.email'])
    .where('site_staff.site_id', '=', siteId)
    .where('people.email', 'is not', null)
    .execute();
  return new Map(staff.map((s) => [(s.email ?? '').toLowerCase(), s.id]));
}

/** Active users by lower-cased e-mail, among the (lower-cased) e-mails given: the coordinators named. */
export async function activeUsersByEmail(db: Kysely<DB>, emails: string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const users = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('is_active', '=', true)
    .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails))
    .execute();
  return new Map(users.map((u) => [u.email.toLowerCase(), u.id]));
}
