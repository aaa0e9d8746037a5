import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { IdentitiesTable, IdentityRow } from '../../platform/db/schema-participants.js';

/**
 * Identities are read only where the caller may identify (canIdentify): the functions that
 * take an id are called with the identity id of a participant or candidate the caller has
 * just reached through participant-access.repo.ts and checked with canIdentify.
 */

export function insertIdentity(tx: Kysely<DB>, values: Insertable<IdentitiesTable>): Promise<IdentityRow> {
  return tx.insertInto('identities').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findIdentity(db: Kysely<DB>, identityId: string): Promise<IdentityRow | undefined> {
  return db.selectFrom('identities').selectAll().where('id', '=', identityId).executeTakeFirst();
}

export function lockIdentity(tx: Kysely<DB>, identityId: string): Promise<IdentityRow> {
  return tx.selectFrom('identities').selectAll().where('id', '=', identityId).forUpdate().executeTakeFirstOrThrow();
}

/** The study-site an identity was recorded at: whoever may identify there may read its history. */
export async function studySiteOfIdentity(db: Kysely<DB>, identityId: string): Promise<string | undefined> {
  const row = await db.selectFrom('identities').select('study_site_id').where('id', '=', identityId).executeTakeFirst();
  return row?.study_site_id;
}

/** The participant's name, for checking that free text does not carry it (deviations). */
export async function fullNameOf(db: Kysely<DB>, identityId: string): Promise<string | undefined> {
  const row = await db.selectFrom('identities').select('full_name').where('id', '=', identityId).executeTakeFirst();
  return row?.full_name;
}
