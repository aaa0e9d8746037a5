import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import { messageLink } from './message-link.js';
import { countOwnMessages, listOwnMessageRows, lockOwnMessage, setMessageRead } from './messages.repo.js';
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
    link: messageLink(row.entity_type, row.entity_id),
    createdAt: iso(row.created_at),
    readAt: row.read_at ? iso(row.read_at) : null,
  };
}

/** The caller's own messages, newest first, with how many are unread. */
export async function listMessages(db: Kysely<DB>, ctx: RequestContext, query: MessagesQuery): Promise<MessagesResponse> {
  const rows = await listOwnMessageRows(db, ctx, { unread: query.unread, limit: query.limit + 1 });
  const counts = await countOwnMessages(db, ctx);
  return {
    counts,
    truncated: rows.length > query.limit,
    items: rows.slice(0, query.limit).map(toMessage),
  };
}

/** Marks one of the caller's messages read (once; reading again changes nothing). */
export async function markMessageRead(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<Message> {
  return db.transaction().execute(async (tx) => {
    const row = await lockOwnMessage(tx, ctx, id);
    if (!row) throw notFound('message');
    if (row.read_at) return toMessage(row);
    const now = ctx.now();
    const updated = await setMessageRead(tx, row, now);
    await writeAuditEvent(tx, ctx, {
      entityType: 'user_notification',
      entityId: id,
      action: 'update',
      changes: [{ field: 'readAt', old: null, new: now.toISOString() }],
    });
    return toMessage(updated);
  });
}
