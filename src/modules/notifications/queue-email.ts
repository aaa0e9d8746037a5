import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { currentMailer } from '../../platform/email/mailer.js';
import { enqueueAfterCommit } from '../../platform/jobs/outbox.js';
import { insertEmailDelivery, unsafeEmailSettingOf } from './email.repo.js';
import { sendMessageEmailJob } from './email-jobs.js';
import { defaultEmailSetting } from './message-kinds.js';

/**
 * In notifyUsers' transaction: when e-mail is on, the message's one e-mail row (its unique key
 * is the message) as its recipient wants it, and for "immediately" its send job through the
 * outbox, so a transaction that rolls back leaves neither and sends nothing.
 */
export async function queueEmailOf(tx: Kysely<DB>, ctx: RequestContext, notificationId: string, userId: string, kind: string) {
  const mailer = currentMailer();
  if (!mailer) return;
  const mode = (await unsafeEmailSettingOf(tx, userId, kind)) ?? defaultEmailSetting;
  if (mode === 'never') return;
  const messageId = mailer.newMessageId();
  const deliveryId = await insertEmailDelivery(tx, {
    notification_id: notificationId,
    user_id: userId,
    mode,
    message_id: messageId,
    created_at: ctx.now(),
  });
  await writeAuditEvent(tx, ctx, {
    entityType: 'email_delivery',
    entityId: deliveryId,
    action: 'create',
    changes: [
      { field: 'notificationId', old: null, new: notificationId },
      { field: 'userId', old: null, new: userId },
      { field: 'mode', old: null, new: mode },
      { field: 'messageId', old: null, new: messageId },
    ],
  });
  if (mode === 'immediately') await enqueueAfterCommit(tx, sendMessageEmailJob, { deliveryId });
}
