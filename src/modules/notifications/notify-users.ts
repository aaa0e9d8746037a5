import type { Kysely } from 'kysely';
import type { EntityType } from '../../platform/audit/audit-events.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { MessageKind } from './message-kinds.js';
import { insertMessage } from './messages.repo.js';
import { queueEmailOf } from './queue-email.js';

export interface NewMessage {
  /** One of message-kinds.ts: users choose per kind how it reaches them by e-mail. */
  kind: MessageKind;
  title: string;
  body: string;
  /** The record the message is about, for a link. */
  entityType: EntityType | null;
  entityId: string | null;
}

/**
 * Leaves one stored message per user, each audited, inside the caller's transaction: a
 * message is part of the record of what happened (an emergency unblinding was reported to
 * whom, and when). Whatever goes in the title or body is read by its recipient and in its
 * history, so callers never put in it what the recipient may not see (an arm, a name). When
 * e-mail is on, the message is also e-mailed (or kept for the daily digest) as its recipient
 * chose, after the transaction commits: the e-mail holds the message's title and body only.
 */
export async function notifyUsers(tx: Kysely<DB>, ctx: RequestContext, userIds: string[], message: NewMessage): Promise<void> {
  const now = ctx.now();
  for (const userId of userIds) {
    const id = await insertMessage(tx, {
      user_id: userId,
      kind: message.kind,
      title: message.title,
      body: message.body,
      entity_type: message.entityType,
      entity_id: message.entityId,
      created_at: now,
    });
    await writeAuditEvent(tx, ctx, {
      entityType: 'user_notification',
      entityId: id,
      action: 'create',
      changes: [
        { field: 'userId', old: null, new: userId },
        { field: 'kind', old: null, new: message.kind },
        { field: 'title', old: null, new: message.title },
        { field: 'body', old: null, new: message.body },
        { field: 'entityType', old: null, new: message.entityType },
        { field: 'entityId', old: null, new: message.entityId },
      ],
    });
    await queueEmailOf(tx, ctx, id, userId, message.kind);
  }
}
