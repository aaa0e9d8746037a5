import type { Insertable, Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { IdentitiesTable, IdentityRow } from '../../platform/db/schema-participants.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';
import { canIdentify, findStudySiteForParticipants } from './participant-access.repo.js';

/**
 * Identities are read only where the caller may identify (canIdentify) and only at the
 * study-site they were recorded at: the study-site comes from participant-access.repo.ts.
 */

export function insertIdentity(tx: Kysely<DB>, values: Insertable<IdentitiesTable>): Promise<IdentityRow> {
  return tx.insertInto('identities').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The identity of a participant or candidate of this (visible) study-site, when the caller may identify there. */
export async function findIdentity(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySite: StudySiteJoined,
  identityId: string,
): Promise<IdentityRow | undefined> {
  if (!canIdentify(ctx, studySite)) return undefined;
  return db.selectFrom('identities').selectAll().where('id', '=', identityId).where('study_site_id', '=', studySite.id).executeTakeFirst();
}

/**
 * Unsafe (no context): locks an identity for its update, which runs only after the caller
 * reached its candidate through the gateway and passed assertMayIdentify (updateIdentity).
 */
export function unsafeLockIdentity(tx: Kysely<DB>, identityId: string): Promise<IdentityRow> {
  return tx.selectFrom('identities').selectAll().where('id', '=', identityId).forUpdate().executeTakeFirstOrThrow();
}

/** Does the identity exist at a study-site where the caller may identify? (Who may read its history.) */
export async function isIdentityVisible(db: Kysely<DB>, ctx: RequestContext, identityId: string): Promise<boolean> {
  const row = await db.selectFrom('identities').select('study_site_id').where('id', '=', identityId).executeTakeFirst();
  const studySite = row && (await findStudySiteForParticipants(db, ctx, row.study_site_id));
  return Boolean(studySite && canIdentify(ctx, studySite));
}

/**
 * Unsafe (no context, no identify check): the participant's name, for checking that a
 * deviation's free text does not carry it. The check must run for every writer of deviations,
 * including those who may not identify; the name itself is never returned to them.
 */
export async function unsafeFullNameOf(db: Kysely<DB>, identityId: string): Promise<string | undefined> {
  const row = await db.selectFrom('identities').select('full_name').where('id', '=', identityId).executeTakeFirst();
  return row?.full_name;
}
