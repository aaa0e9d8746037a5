import type { Insertable, Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden } from '../../platform/errors.js';
import type { EmailSetting } from './message-kinds.js';

/** Preferences are the caller's own: every read and write here is of the signed-in user's. */
function ownUserId(ctx: RequestContext): string {
  if (ctx.actor.kind !== 'user') throw forbidden('E-mail preferences belong to a signed-in user.');
  return ctx.actor.userId;
}

export function listOwnEmailPreferences(db: Kysely<DB>, ctx: RequestContext) {
  return db.selectFrom('email_preferences').select(['kind', 'setting']).where('user_id', '=', ownUserId(ctx)).execute();
}

export async function setOwnEmailPreference(tx: Kysely<DB>, ctx: RequestContext, kind: string, setting: EmailSetting, now: Date) {
  await tx
    .insertInto('email_preferences')
    .values({ user_id: ownUserId(ctx), kind, setting, updated_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ setting, updated_at: now }))
    .execute();
}

/**
 * unsafe: no access check. notifyUsers' callers chose the recipients; this reads how one of
 * them wants that kind of message (no row: the default).
 */
export async function unsafeEmailSettingOf(tx: Kysely<DB>, userId: string, kind: string): Promise<EmailSetting | undefined> {
  const row = await tx
    .selectFrom('email_preferences')
    .select('setting')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row?.setting as EmailSetting | undefined;
}

export async function insertEmailDelivery(tx: Kysely<DB>, values: Insertable<DB['email_deliveries']>): Promise<string> {
  const { id } = await tx.insertInto('email_deliveries').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** unsafe: for the send job, which acts for the system on a delivery it was handed. */
export function unsafeDeliveryToSend(db: Kysely<DB>, deliveryId: string) {
  return db
    .selectFrom('email_deliveries as d')
    .innerJoin('user_notifications as n', 'n.id', 'd.notification_id')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .select(['d.id', 'd.mode', 'd.message_id', 'd.sent_at', 'u.email', 'u.is_active', 'n.title', 'n.body', 'n.entity_type', 'n.entity_id'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
}

/** Marks a delivery sent, once: true when this call marked it. */
export async function markDeliverySent(tx: Kysely<DB>, deliveryId: string, now: Date): Promise<boolean> {
  const result = await tx
    .updateTable('email_deliveries')
    .set({ sent_at: now })
    .where('id', '=', deliveryId)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** unsafe: the digest job's sweep, across users: who has digest messages waiting from before `until`. */
export async function unsafeUsersWaitingForDigest(db: Kysely<DB>, until: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('email_deliveries')
    .select('user_id')
    .distinct()
    .where('mode', '=', 'digest')
    .where('digest_id', 'is', null)
    .where('created_at', '<', until)
    .execute();
  return rows.map((row) => row.user_id);
}

/** The user's digest of that day; undefined when one was already made (another server, an earlier run). */
export async function insertDigest(tx: Kysely<DB>, values: Insertable<DB['email_digests']>): Promise<string | undefined> {
  const row = await tx
    .insertInto('email_digests')
    .values(values)
    .onConflict((oc) => oc.columns(['user_id', 'digest_on']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Puts the user's waiting digest messages from before `until` in the digest; returns their ids. */
export async function attachToDigest(tx: Kysely<DB>, digestId: string, userId: string, until: Date): Promise<string[]> {
  const rows = await tx
    .updateTable('email_deliveries')
    .set({ digest_id: digestId })
    .where('user_id', '=', userId)
    .where('mode', '=', 'digest')
    .where('digest_id', 'is', null)
    .where('created_at', '<', until)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** unsafe: for the send job. The digest, its recipient and its messages, oldest first. */
export async function unsafeDigestToSend(db: Kysely<DB>, digestId: string) {
  const digest = await db
    .selectFrom('email_digests as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.id', 'g.digest_on', 'g.message_id', 'g.sent_at', 'u.email', 'u.is_active'])
    .where('g.id', '=', digestId)
    .executeTakeFirst();
  if (!digest) return undefined;
  const messages = await db
    .selectFrom('email_deliveries as d')
    .innerJoin('user_notifications as n', 'n.id', 'd.notification_id')
    .select(['n.kind', 'n.title', 'n.body', 'n.entity_type', 'n.entity_id', 'n.created_at'])
    .where('d.digest_id', '=', digestId)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
  return { ...digest, messages };
}

/** Marks the digest and its deliveries sent, once: true when this call marked it. */
export async function markDigestSent(tx: Kysely<DB>, digestId: string, now: Date): Promise<boolean> {
  const result = await tx
    .updateTable('email_digests')
    .set({ sent_at: now })
    .where('id', '=', digestId)
    .where('sent_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await tx.updateTable('email_deliveries').set({ sent_at: now }).where('digest_id', '=', digestId).execute();
  return true;
}

/** History readers: a delivery or digest concerns one user, so only they (or the system) read its history. */
export async function isDeliveryOfCaller(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  if (ctx.actor.kind !== 'system' && ctx.actor.kind !== 'user') return false;
  let q = db.selectFrom('email_deliveries').select('id').where('id', '=', id);
  if (ctx.actor.kind === 'user') q = q.where('user_id', '=', ctx.actor.userId);
  return Boolean(await q.executeTakeFirst());
}

export async function isDigestOfCaller(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  if (ctx.actor.kind !== 'system' && ctx.actor.kind !== 'user') return false;
  let q = db.selectFrom('email_digests').select('id').where('id', '=', id);
  if (ctx.actor.kind === 'user') q = q.where('user_id', '=', ctx.actor.userId);
  return Boolean(await q.executeTakeFirst());
}
