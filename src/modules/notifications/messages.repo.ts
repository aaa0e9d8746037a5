import type { Insertable, Kysely, Selectable } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden } from '../../platform/errors.js';

/** A user's messages are theirs alone: every read is of the caller's own. */
type MessageRow = Selectable<DB['user_notifications']>;

function ownUserId(ctx: RequestContext): string {
  if (ctx.actor.kind !== 'user') throw forbidden('Messages belong to a signed-in user.');
  return ctx.actor.userId;
}

/** The caller's messages, newest first, up to `limit`. */
export function listOwnMessageRows(db: Kysely<DB>, ctx: RequestContext, query: { unread?: boolean | undefined; limit: number }) {
  let q = db.selectFrom('user_notifications').selectAll().where('user_id', '=', ownUserId(ctx));
  if (query.unread) q = q.where('read_at', 'is', null);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

export async function countOwnMessages(db: Kysely<DB>, ctx: RequestContext): Promise<{ total: number; unread: number }> {
  const counts = await db
    .selectFrom('user_notifications')
    .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.count<string>('id').filterWhere('read_at', 'is', null).as('unread')])
    .where('user_id', '=', ownUserId(ctx))
    .executeTakeFirstOrThrow();
  return { total: Number(counts.total), unread: Number(counts.unread) };
}

/** One of the caller's messages, locked for the rest of the transaction. */
export function lockOwnMessage(tx: Kysely<DB>, ctx: RequestContext, id: string): Promise<MessageRow | undefined> {
  return tx
    .selectFrom('user_notifications')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', ownUserId(ctx))
    .forUpdate()
    .executeTakeFirst();
}

export function setMessageRead(tx: Kysely<DB>, message: MessageRow, now: Date): Promise<MessageRow> {
  return tx.updateTable('user_notifications').set({ read_at: now }).where('id', '=', message.id).returningAll().executeTakeFirstOrThrow();
}

/** A new message for a user; the caller (notifyUsers) audits it in the same transaction. Returns its id. */
export async function insertMessage(tx: Kysely<DB>, values: Insertable<DB['user_notifications']>): Promise<string> {
  const { id } = await tx.insertInto('user_notifications').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** May the caller read this message's history? Only its recipient (or the system) may. */
export async function isMessageOfCaller(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<boolean> {
  if (ctx.actor.kind !== 'system' && ctx.actor.kind !== 'user') return false;
  let q = db.selectFrom('user_notifications').select('id').where('id', '=', id);
  if (ctx.actor.kind === 'user') q = q.where('user_id', '=', ctx.actor.userId);
  return Boolean(await q.executeTakeFirst());
}
