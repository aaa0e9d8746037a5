import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { Message, MessagesQuery, MessagesResponse } from './notifications.schemas.js';

type MessageRow = {
  id: string;
  kind: string;
  title: string;
  body: string;
  entity_type: string | null;
  entity_id: string | null;
  created_at: Date;
  read_at: Date | null;
};

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    entityType: row.entity_type,
    entityId: row.entity_id,
    link: row.entity_type === 'participant' && row.entity_id ? `/participants/${row.entity_id}` : null,
    createdAt: iso(row.created_at),
    readAt: row.read_at ? iso(row.read_at) : null,
  };
}

function ownUserId(ctx: RequestContext): string {
  if (ctx.actor.kind !== 'user') throw forbidden('Messages belong to a signed-in user.');
  return ctx.actor.userId;
}

/** The caller's own messages, newest first, with how many are unread. */
export async function listMessages(db: Kysely<DB>, ctx: RequestContext, query: MessagesQuery): Promise<MessagesResponse> {
  const userId = ownUserId(ctx);
  let q = db.selectFrom('user_notifications').selectAll().where('user_id', '=', userId);
  if (query.unread) q = q.where('read_at', 'is', null);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const counts = await db
    .selectFrom('user_notifications')
    .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.count<string>('id').filterWhere('read_at', 'is', null).as('unread')])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    counts: { total: Number(counts.total), unread: Number(counts.unread) },
    truncated: rows.length > query.limit,
    items: rows.slice(0, query.limit).map(toMessage),
  };
}

/** Marks one of the caller's messages read (once; reading again changes nothing). */
export async function markMessageRead(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<Message> {
  const userId = ownUserId(ctx);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('user_notifications')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('message');
    if (row.read_at) return toMessage(row);
    const now = ctx.now();
    const updated = await tx
      .updateTable('user_notifications')
      .set({ read_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAuditEvent(tx, ctx, {
      entityType: 'user_notification',
      entityId: id,
      action: 'update',
      changes: [{ field: 'readAt', old: null, new: now.toISOString() }],
    });
    return toMessage(updated);
  });
}
