import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { systemContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { currentMailer } from '../../platform/email/mailer.js';
import { defineJob, type JobOutcome } from '../../platform/jobs/job-definition.js';
import { enqueueAfterCommit } from '../../platform/jobs/outbox.js';
import {
  attachToDigest,
  insertDigest,
  markDeliverySent,
  markDigestSent,
  unsafeDeliveryToSend,
  unsafeDigestToSend,
  unsafeUsersWaitingForDigest,
} from './email.repo.js';
import { digestEmail, messageEmail } from './email-content.js';

/**
 * SMTP is outside the database, so these jobs are not transactional: the e-mail goes out, then
 * its row is marked sent. A failure (the server refused, or did not answer) throws and pg-boss
 * retries after 1, 2, 4 … minutes. A row already marked is never sent again; a crash between
 * the server's accept and the mark sends once more with the same Message-ID (ADR 0021).
 */
const retry = { limit: 8, delaySeconds: 60, backoff: true };
const off: JobOutcome = { message: 'E-mail is off on this server (no TRIALDESK_SMTP_HOST): not sent' };

export const sendMessageEmailJob = defineJob<{ deliveryId: string }>({
  name: 'email-send',
  retry,
  transactional: false,
  async handle({ data }, db) {
    const mailer = currentMailer();
    if (!mailer) return off;
    const delivery = await unsafeDeliveryToSend(db, data.deliveryId);
    if (!delivery || delivery.sent_at || !delivery.is_active) return undefined;
    await mailer.send({ to: delivery.email, messageId: delivery.message_id, ...messageEmail(delivery, mailer.publicUrl) });
    await db.transaction().execute(async (tx) => {
      const now = new Date();
      if (!(await markDeliverySent(tx, delivery.id, now))) return;
      await writeAuditEvent(tx, systemContext('email'), {
        entityType: 'email_delivery',
        entityId: delivery.id,
        action: 'status_change',
        changes: [{ field: 'sentAt', old: null, new: now.toISOString() }],
      });
    });
    return { message: 'E-mailed a message', details: { deliveryId: delivery.id } };
  },
});

export const sendDigestEmailJob = defineJob<{ digestId: string }>({
  name: 'email-send-digest',
  retry,
  transactional: false,
  async handle({ data }, db) {
    const mailer = currentMailer();
    if (!mailer) return off;
    const digest = await unsafeDigestToSend(db, data.digestId);
    if (!digest || digest.sent_at || !digest.is_active || digest.messages.length === 0) return undefined;
    await mailer.send({
      to: digest.email,
      messageId: digest.message_id,
      ...digestEmail(digest.digest_on, digest.messages, mailer.publicUrl),
    });
    await db.transaction().execute(async (tx) => {
      const now = new Date();
      if (!(await markDigestSent(tx, digest.id, now))) return;
      await writeAuditEvent(tx, systemContext('email'), {
        entityType: 'email_digest',
        entityId: digest.id,
        action: 'status_change',
        changes: [{ field: 'sentAt', old: null, new: now.toISOString() }],
      });
    });
    return { message: 'E-mailed a daily digest', details: { digestId: digest.id, messages: digest.messages.length } };
  },
});

/**
 * The hour (UTC) the daily digest goes out. Users have no time zone of their own yet, so it is
 * the same hour for everyone: 07:00 UTC, early morning in Europe and overnight in the Americas.
 */
export const digestHourUtc = 7;

/**
 * Makes today's digest of each user with digest messages waiting: in one transaction per user,
 * the digest row (unique per user and day, so a second run or server makes none), its messages
 * and its send job. Nothing is made for a user with nothing waiting.
 */
export async function makeDailyDigests(db: Kysely<DB>, now: Date): Promise<string[]> {
  const mailer = currentMailer();
  if (!mailer || now.getUTCHours() < digestHourUtc) return [];
  const day = now.toISOString().slice(0, 10);
  const made: string[] = [];
  for (const userId of await unsafeUsersWaitingForDigest(db, now)) {
    await db.transaction().execute(async (tx) => {
      const digestId = await insertDigest(tx, { user_id: userId, digest_on: day, message_id: mailer.newMessageId(), created_at: now });
      if (!digestId) return;
      const deliveries = await attachToDigest(tx, digestId, userId, now);
      await writeAuditEvent(
        tx,
        systemContext('email-digest', () => now),
        {
          entityType: 'email_digest',
          entityId: digestId,
          action: 'create',
          changes: [
            { field: 'userId', old: null, new: userId },
            { field: 'digestOn', old: null, new: day },
            { field: 'deliveryIds', old: null, new: deliveries },
          ],
        },
      );
      await enqueueAfterCommit(tx, sendDigestEmailJob, { digestId });
      made.push(digestId);
    });
  }
  return made;
}

/** Hourly, once across all servers: from the digest hour on, today's digests are made (once a day each). */
export const dailyDigestJob = defineJob({
  name: 'email-daily-digest',
  every: { seconds: 60 * 60 },
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  transactional: false,
  async handle(_job, db) {
    const made = await makeDailyDigests(db, new Date());
    return made.length ? { message: `Made ${made.length} daily digest(s)`, details: { digests: made.length } } : undefined;
  },
});
