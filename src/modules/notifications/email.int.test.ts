import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, makeUser, testPassword } from '../../../test/support/factories.js';
import { insertReadyParticipants, makeRandomizationWorld, makeScheme } from '../../../test/support/randomization-factories.js';
import { startTestSmtpServer } from '../../../test/support/smtp-server.js';
import { client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { systemContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { configureEmail } from '../../platform/email/mailer.js';
import { startJobRunner } from '../../platform/jobs/job-runner.js';
import { makeDailyDigests, sendDigestEmailJob, sendMessageEmailJob } from './email-jobs.js';
import { messageKinds } from './message-kinds.js';
import { type NewMessage, notifyUsers } from './notify-users.js';

const publicUrl = 'https://trials.example.org';
const silent = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(100);
  }
}

/** What a blinded reader must never meet: the arm codes and names of the sample protocol. */
const armWords = ['ACTIVE', 'PLACEBO', 'Study drug 10 mg', 'Placebo'];

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;

beforeAll(async () => {
  t = await createTestApp();
  smtp = await startTestSmtpServer();
  configureEmail({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'Trialdesk <trialdesk@test.example>', publicUrl });
});
afterAll(async () => {
  configureEmail(undefined);
  await smtp?.close();
  await t?.close();
});

async function someone(db: Kysely<DB>) {
  const { sponsor } = await makeTenant(db);
  return makeUser(db, sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: sponsor.id }]);
}

function notice(kind: NewMessage['kind'], title: string): NewMessage {
  return { kind, title, body: `${title}: the body.`, entityType: 'participant', entityId: '00000000-0000-4000-8000-000000000001' };
}

async function notify(userId: string, message: NewMessage) {
  await t.database.db.transaction().execute((tx) => notifyUsers(tx, systemContext('test', t.clock.now), [userId], message));
}

function deliveriesOf(userId: string) {
  return t.database.db.selectFrom('email_deliveries').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
}

const job = (data: { deliveryId: string }) => ({ id: 'test', data });

describe('an emergency unblinding', { tags: ['today'] }, () => {
  it('is e-mailed once to each user told of it, after the commit, with its title, body and link and no arm', async () => {
    const { db } = t.database;
    const world = await makeRandomizationWorld(db, t.clock.now());
    await makeScheme(db, world, { blinding: 'double', blockSizes: [4] });
    const [id] = await insertReadyParticipants(db, world, 1);
    expect((await client(t.app, world.coordinator.cookie).post(`/api/participants/${id}/randomization`, { strata: {} })).statusCode).toBe(
      200,
    );
    const runner = await startJobRunner(db, [sendMessageEmailJob], { logger: silent, pollingIntervalSeconds: 0.5 });
    try {
      const reason = 'Anaphylaxis in the emergency department; treating physician needs the arm.';
      const unblinded = await client(t.app, world.investigator.cookie).post(`/api/participants/${id}/emergency-unblinding`, {
        reason,
        password: testPassword,
      });
      expect(unblinded.statusCode).toBe(200);
      const recipients = [world.manager, world.piUser, world.investigator].map((u) => u.user.email).sort();
      await waitFor(() => smtp.received.filter((m) => recipients.includes(m.to[0] ?? '')).length >= 3);
      // Longer than a few polls: nothing more comes.
      await sleep(2000);
      const mails = smtp.received.filter((m) => recipients.includes(m.to[0] ?? ''));
      expect(mails.flatMap((m) => m.to).sort()).toEqual(recipients);

      const message = (await client(t.app, world.manager.cookie).get('/api/notifications/messages')).json().items[0];
      for (const mail of mails) {
        expect(mail.from).toBe('trialdesk@test.example');
        expect(mail.subject).toBe(message.title);
        expect(mail.content).toContain(reason);
        expect(mail.content).toContain(`${publicUrl}/participants/${id}`);
        // The allocation's arm is only in the unblinding answer to the investigator, never in an e-mail.
        expect(armWords.filter((word) => mail.raw.includes(word) || mail.content.includes(word))).toEqual([]);
      }
      const arm = unblinded.json().arm;
      expect(mails.some((m) => m.content.includes(arm.code) || m.content.includes(arm.name))).toBe(false);

      const rows = await deliveriesOf(world.manager.user.id);
      expect(rows).toEqual([expect.objectContaining({ mode: 'immediately', sent_at: expect.any(Date) })]);
      expect(mails.find((m) => m.to[0] === world.manager.user.email)?.messageId).toBe(rows[0]?.message_id);
      // The recipient reads the delivery's history; someone else does not.
      const trail = await client(t.app, world.manager.cookie).get(`/api/audit?entityType=email_delivery&entityId=${rows[0]?.id}`);
      expect(trail.json().items.map((e: { action: string }) => e.action)).toEqual(['create', 'status_change']);
      expect(
        (await client(t.app, world.coordinator.cookie).get(`/api/audit?entityType=email_delivery&entityId=${rows[0]?.id}`)).statusCode,
      ).toBe(404);
    } finally {
      await runner.stop();
    }
  });
});

describe('the outbox', () => {
  it('sends nothing for a message whose transaction rolled back', async () => {
    const { db } = t.database;
    const user = await someone(db);
    const before = await sql<{ n: string }>`select count(*) as n from pgboss.job where name = ${sendMessageEmailJob.name}`.execute(db);
    await expect(
      db.transaction().execute(async (tx) => {
        await notifyUsers(tx, systemContext('test', t.clock.now), [user.user.id], notice('missed_visit', 'Rolled back'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const after = await sql<{ n: string }>`select count(*) as n from pgboss.job where name = ${sendMessageEmailJob.name}`.execute(db);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    expect(await deliveriesOf(user.user.id)).toEqual([]);
    expect(smtp.received.filter((m) => m.to.includes(user.user.email))).toEqual([]);
  });

  it('retries after the SMTP server refused, sends once it accepts, and never again', async () => {
    const { db } = t.database;
    const user = await someone(db);
    await notify(user.user.id, notice('missed_visit', 'Missed visit: T-0001 V2 (RETRY)'));
    const [delivery] = await deliveriesOf(user.user.id);
    if (!delivery) throw new Error('no delivery row');
    const mine = () => smtp.received.filter((m) => m.to.includes(user.user.email));

    smtp.state.refuse = true;
    try {
      await expect(sendMessageEmailJob.handle(job({ deliveryId: delivery.id }), db)).rejects.toThrow(/451|busy/i);
    } finally {
      smtp.state.refuse = false;
    }
    expect((await deliveriesOf(user.user.id))[0]?.sent_at).toBeNull();
    expect(mine()).toEqual([]);

    await sendMessageEmailJob.handle(job({ deliveryId: delivery.id }), db);
    await sendMessageEmailJob.handle(job({ deliveryId: delivery.id }), db);
    expect(mine().map((m) => m.subject)).toEqual(['Missed visit: T-0001 V2 (RETRY)']);
    expect((await deliveriesOf(user.user.id))[0]?.sent_at).toEqual(expect.any(Date));

    // A crash after the server's accept and before the mark: the retry carries the same Message-ID.
    await db.updateTable('email_deliveries').set({ sent_at: null }).where('id', '=', delivery.id).execute();
    await sendMessageEmailJob.handle(job({ deliveryId: delivery.id }), db);
    expect(mine().map((m) => m.messageId)).toEqual([delivery.message_id, delivery.message_id]);
  });
});

describe('e-mail preferences', () => {
  it('are read and set through the API, per kind, audited; bad input names the field and changes nothing', async () => {
    const { db } = t.database;
    const user = await someone(db);
    const me = client(t.app, user.cookie);
    const url = '/api/me/email-preferences';
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const initial = await me.get(url);
    expect(initial.json()).toEqual({
      emailOn: true,
      digestHourUtc: 7,
      // Every kind of message, each by default as it comes.
      items: Object.entries(messageKinds).map(([kind, label]) => ({ kind, label, setting: 'immediately' })),
    });

    const badKind = await me.put(url, {
      items: [
        { kind: 'missed_visit', setting: 'never' },
        { kind: 'gossip', setting: 'never' },
      ],
    });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().errors).toEqual([expect.objectContaining({ pointer: '/items/1/kind' })]);
    const badSetting = await me.put(url, { items: [{ kind: 'missed_visit', setting: 'weekly' }] });
    expect(badSetting.json().errors).toEqual([expect.objectContaining({ pointer: '/items/0/setting' })]);
    expect((await me.get(url)).json()).toEqual(initial.json());

    const set = await me.put(url, {
      items: [
        { kind: 'missed_visit', setting: 'never' },
        { kind: 'emergency_unblinding', setting: 'digest' },
      ],
    });
    expect(set.statusCode).toBe(200);
    const settingOf = (items: { kind: string; setting: string }[]) => Object.fromEntries(items.map((i) => [i.kind, i.setting]));
    // The kinds not sent keep their setting.
    expect(settingOf(set.json().items)).toEqual({
      ...settingOf(initial.json().items),
      emergency_unblinding: 'digest',
      missed_visit: 'never',
    });
    expect((await me.get(url)).json()).toEqual(set.json());
    // The same again changes nothing, and writes no audit row.
    await me.put(url, { items: [{ kind: 'missed_visit', setting: 'never' }] });
    const trail = await me.get(`/api/audit?entityType=email_preferences&entityId=${user.user.id}`);
    expect(trail.json().items).toEqual([
      expect.objectContaining({
        action: 'update',
        changes: expect.arrayContaining([
          { field: 'missed_visit', old: 'immediately', new: 'never' },
          { field: 'emergency_unblinding', old: 'immediately', new: 'digest' },
        ]),
      }),
    ]);
    const other = await someone(db);
    expect((await client(t.app, other.cookie).get(`/api/audit?entityType=email_preferences&entityId=${user.user.id}`)).statusCode).toBe(
      404,
    );
    // Another user's settings are their own.
    expect((await client(t.app, other.cookie).get(url)).json()).toEqual(initial.json());
  });

  it('"never" e-mails nothing; "digest" waits for one daily e-mail listing the messages, and none when there is nothing', async () => {
    const { db } = t.database;
    const user = await someone(db);
    const quiet = await someone(db);
    await client(t.app, user.cookie).put('/api/me/email-preferences', {
      items: [
        { kind: 'missed_visit', setting: 'never' },
        { kind: 'emergency_unblinding', setting: 'digest' },
      ],
    });
    const jobsBefore = await sql<{ n: string }>`select count(*) as n from pgboss.job where name = ${sendMessageEmailJob.name}`.execute(db);
    await notify(user.user.id, notice('missed_visit', 'Missed visit: not e-mailed'));
    await notify(user.user.id, notice('emergency_unblinding', 'Emergency unblinding: T-0007 (DIGEST)'));
    await notify(user.user.id, notice('emergency_unblinding', 'Emergency unblinding: T-0008 (DIGEST)'));
    const jobsAfter = await sql<{ n: string }>`select count(*) as n from pgboss.job where name = ${sendMessageEmailJob.name}`.execute(db);
    expect(jobsAfter.rows[0]?.n).toBe(jobsBefore.rows[0]?.n);
    // The app still shows all three.
    expect((await client(t.app, user.cookie).get('/api/notifications/messages')).json().counts.total).toBe(3);
    expect((await deliveriesOf(user.user.id)).map((d) => d.mode)).toEqual(['digest', 'digest']);

    const tomorrow = new Date(t.clock.now().getTime() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    // Before the digest hour: nothing yet.
    expect(await makeDailyDigests(db, new Date(`${tomorrow}T06:59:00Z`))).toEqual([]);
    const made = await makeDailyDigests(db, new Date(`${tomorrow}T07:00:30Z`));
    // One digest, the user's: the one with nothing waiting gets none.
    expect(made).toHaveLength(1);
    expect(await db.selectFrom('email_digests').select('id').where('user_id', '=', quiet.user.id).execute()).toEqual([]);
    // A second run that day (another server, the next hour) makes no other.
    expect(await makeDailyDigests(db, new Date(`${tomorrow}T08:00:30Z`))).toEqual([]);

    await sendDigestEmailJob.handle({ id: 'test', data: { digestId: made[0] as string } }, db);
    await sendDigestEmailJob.handle({ id: 'test', data: { digestId: made[0] as string } }, db);
    const mails = smtp.received.filter((m) => m.to.includes(user.user.email));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`Trialdesk daily digest, ${tomorrow} (UTC): 2 messages`);
    const content = mails[0]?.content ?? '';
    expect(content.indexOf('Emergency unblinding: T-0007 (DIGEST)')).toBeGreaterThan(-1);
    expect(content.indexOf('Emergency unblinding: T-0008 (DIGEST)')).toBeGreaterThan(content.indexOf('T-0007 (DIGEST)'));
    expect(content).toContain(`${publicUrl}/participants/00000000-0000-4000-8000-000000000001`);
    expect(content).not.toContain('not e-mailed');
    expect((await deliveriesOf(user.user.id)).every((d) => d.sent_at !== null)).toBe(true);
  });
});
