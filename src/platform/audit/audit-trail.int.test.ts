import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeOrganization, makeSite, makeStudy, makeTenant, makeUser, testPassword } from '../../../test/support/factories.js';
import { recreatePostgresDatabase } from '../../../test/support/postgres.js';
import { client, createTestApp, openTestDatabase, type Response, type TestApp } from '../../../test/support/test-app.js';
import { systemContext } from '../context.js';
import { type Database, openPostgres } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { DB } from '../db/schema.js';
import { verifyAuditChain } from './verify-audit-chain.js';
import { writeAuditEvent } from './write-audit-event.js';

/**
 * 21 CFR 11.10(e), EU Annex 11 §9: every write leaves a row saying who did what, when (UTC),
 * to which record, from what to what and why; the rows cannot be changed, and a change made
 * behind the application's back is found by walking the hash chain.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // Far from the wall clock, so a time that did not come from the application's clock shows.
  t.clock.advance(3 * 24 * 60 * 60 * 1000 + 17_000);
});
afterAll(() => t.close());

interface AuditItem {
  seq: string;
  occurredAt: string;
  actorUserId: string | null;
  actorLabel: string;
  actorName: string;
  entityType: string;
  entityId: string;
  action: string;
  changes: { field: string; old: unknown; new: unknown }[];
  readableChanges: { field: string; label: string; oldText: string; newText: string }[];
  reason: string | null;
  requestId: string | null;
  hash: string;
}

async function admin() {
  const org = await makeOrganization(t.database.db, 'vendor');
  const made = await makeUser(t.database.db, org.id, [{ role: 'platform_admin', scopeType: 'platform' }], t.clock.now());
  return { ...made, api: client(t.app, made.cookie) };
}
type Admin = Awaited<ReturnType<typeof admin>>;

async function historyOf(as: Admin, entityType: string, entityId: string): Promise<AuditItem[]> {
  const response = await as.api.get(`/api/audit?entityType=${entityType}&entityId=${entityId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
}

/** Makes a call and returns it with the clock's time before and after, to place the audit row. */
async function timed(call: () => Promise<Response>) {
  const before = t.clock.now().getTime();
  const response = await call();
  return { response, before, after: t.clock.now().getTime(), requestId: response.headers['x-request-id'] as string };
}

/** The row says who (the admin), when (UTC, by the app's clock) and which request. */
function expectWrittenBy(event: AuditItem | undefined, as: Admin, call: Awaited<ReturnType<typeof timed>>) {
  expect(event).toBeDefined();
  if (!event) return;
  expect(event.actorUserId).toBe(as.user.id);
  expect(event.actorLabel).toContain(as.user.email);
  expect(event.actorLabel).toContain(as.user.fullName);
  expect(event.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  const at = Date.parse(event.occurredAt);
  expect(at).toBeGreaterThanOrEqual(call.before);
  expect(at).toBeLessThanOrEqual(call.after);
  expect(call.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(event.requestId).toBe(call.requestId);
}

describe('every write leaves its audit row', () => {
  it('organization create and update', async () => {
    const as = await admin();
    const name = `Audited CRO ${randomUUID().slice(0, 8)}`;
    const created = await timed(() => as.api.post('/api/organizations', { name, kind: 'cro', country: 'US' }));
    expect(created.response.statusCode).toBe(201);
    const org = created.response.json();
    const updated = await timed(() =>
      as.api.patch(`/api/organizations/${org.id}`, { name: `${name} (renamed)`, country: 'DE' }, { 'if-match': '"1"' }),
    );
    expect(updated.response.statusCode).toBe(200);

    const history = await historyOf(as, 'organization', org.id);
    expect(history.map((e) => e.action)).toEqual(['create', 'update']);
    expectWrittenBy(history[0], as, created);
    expect(history[0]).toMatchObject({ entityType: 'organization', entityId: org.id, reason: null });
    expect(history[0]?.changes).toEqual([
      { field: 'name', old: null, new: name },
      { field: 'kind', old: null, new: 'cro' },
      { field: 'country', old: null, new: 'US' },
    ]);
    expectWrittenBy(history[1], as, updated);
    expect(history[1]?.changes).toEqual([
      { field: 'name', old: name, new: `${name} (renamed)` },
      { field: 'country', old: 'US', new: 'DE' },
    ]);
  });

  it('user create and update: the password is never in the trail, only that it was set or changed', async () => {
    const as = await admin();
    const org = await makeOrganization(t.database.db, 'site');
    const firstPassword = 'first Secret pässword 1';
    const secondPassword = 'second Secret pässword 2';
    const email = `audited-${randomUUID().slice(0, 8)}@test.trialdesk.dev`;
    const created = await timed(() =>
      as.api.post('/api/users', { email, fullName: 'Audited Person', organizationId: org.id, password: firstPassword }),
    );
    expect(created.response.statusCode).toBe(201);
    const user = created.response.json();
    const updated = await timed(() =>
      as.api.patch(
        `/api/users/${user.id}`,
        { fullName: 'Audited Person II', password: secondPassword, reason: 'Name change' },
        { 'if-match': '"1"' },
      ),
    );
    expect(updated.response.statusCode).toBe(200);
    const deactivated = await timed(() =>
      as.api.patch(`/api/users/${user.id}`, { isActive: false, reason: 'Left' }, { 'if-match': '"2"' }),
    );
    expect(deactivated.response.statusCode).toBe(200);

    const history = await historyOf(as, 'user', user.id);
    expect(history.map((e) => e.action)).toEqual(['create', 'update', 'update']);
    expectWrittenBy(history[0], as, created);
    expect(history[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'email', old: null, new: email },
        { field: 'fullName', old: null, new: 'Audited Person' },
        { field: 'organizationId', old: null, new: org.id },
        { field: 'password', old: null, new: '(set)' },
      ]),
    );
    expectWrittenBy(history[1], as, updated);
    expect(history[1]).toMatchObject({ reason: 'Name change' });
    expect(history[1]?.changes).toEqual([
      { field: 'fullName', old: 'Audited Person', new: 'Audited Person II' },
      { field: 'password', old: '(set)', new: '(changed)' },
    ]);
    expectWrittenBy(history[2], as, deactivated);
    expect(history[2]?.changes).toEqual([{ field: 'isActive', old: true, new: false }]);

    // Not in the rows as stored, nor in the password hash's form, nor in the export.
    const stored = await t.database.db.selectFrom('audit_events').selectAll().where('entity_id', '=', user.id).execute();
    const everything = JSON.stringify(stored);
    for (const secret of [firstPassword, secondPassword, 'scrypt$']) expect(everything).not.toContain(secret);
    const csv = (await as.api.get(`/api/audit/export?entityType=user&entityId=${user.id}&format=csv`)).body;
    for (const secret of [firstPassword, secondPassword, 'scrypt$']) expect(csv).not.toContain(secret);
  });

  it('grant create and delete, with their reasons', async () => {
    const as = await admin();
    const study = await makeStudy(t.database.db);
    const person = await makeUser(t.database.db, study.sponsorOrgId, [], t.clock.now());
    const granted = await timed(() =>
      as.api.post(`/api/users/${person.user.id}/grants`, {
        role: 'cra',
        scopeType: 'study',
        scopeId: study.id,
        reason: 'Monitors the study',
      }),
    );
    expect(granted.response.statusCode, granted.response.body).toBe(201);
    const grant = granted.response.json();
    const revoked = await timed(() =>
      as.api.delete(`/api/users/${person.user.id}/grants/${grant.id}?reason=${encodeURIComponent('Moved to another study')}`),
    );
    expect(revoked.response.statusCode).toBe(204);

    const history = await historyOf(as, 'grant', grant.id);
    expect(history.map((e) => e.action)).toEqual(['create', 'delete']);
    expectWrittenBy(history[0], as, granted);
    expect(history[0]).toMatchObject({ entityType: 'grant', entityId: grant.id, reason: 'Monitors the study' });
    expect(history[0]?.changes).toEqual([
      { field: 'userId', old: null, new: person.user.id },
      { field: 'role', old: null, new: 'cra' },
      { field: 'scopeType', old: null, new: 'study' },
      { field: 'scopeId', old: null, new: study.id },
    ]);
    expectWrittenBy(history[1], as, revoked);
    expect(history[1]).toMatchObject({ reason: 'Moved to another study' });
    expect(history[1]?.changes).toEqual([
      { field: 'userId', old: person.user.id, new: null },
      { field: 'role', old: 'cra', new: null },
      { field: 'scopeType', old: 'study', new: null },
      { field: 'scopeId', old: study.id, new: null },
    ]);
  });

  it('study create, update and status change', async () => {
    const as = await admin();
    const sponsor = await makeOrganization(t.database.db, 'sponsor');
    const created = await timed(() =>
      as.api.post('/api/studies', {
        sponsorOrgId: sponsor.id,
        protocolNumber: 'AUD-001',
        title: 'Audited study',
        shortName: 'AUD',
        phase: 'phase_2',
        plannedFpiDate: '2027-03-01',
      }),
    );
    expect(created.response.statusCode).toBe(201);
    const study = created.response.json();
    const updated = await timed(() =>
      as.api.patch(`/api/studies/${study.id}`, { title: 'Audited study, amended', enrollmentTarget: 240 }, { 'if-match': '"1"' }),
    );
    const statusChanged = await timed(() =>
      as.api.patch(`/api/studies/${study.id}`, { status: 'start_up', reason: 'Protocol approved' }, { 'if-match': '"2"' }),
    );
    expect(statusChanged.response.statusCode).toBe(200);

    const history = await historyOf(as, 'study', study.id);
    expect(history.map((e) => e.action)).toEqual(['create', 'update', 'status_change']);
    expectWrittenBy(history[0], as, created);
    expect(history[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'sponsorOrgId', old: null, new: sponsor.id },
        { field: 'protocolNumber', old: null, new: 'AUD-001' },
        { field: 'status', old: null, new: 'planning' },
        { field: 'plannedFpiDate', old: null, new: '2027-03-01' },
      ]),
    );
    expectWrittenBy(history[1], as, updated);
    expect(history[1]?.changes).toEqual([
      { field: 'title', old: 'Audited study', new: 'Audited study, amended' },
      { field: 'enrollmentTarget', old: null, new: 240 },
    ]);
    expectWrittenBy(history[2], as, statusChanged);
    expect(history[2]).toMatchObject({ reason: 'Protocol approved', changes: [{ field: 'status', old: 'planning', new: 'start_up' }] });
  });

  it('site create and update', async () => {
    const as = await admin();
    const siteOrg = await makeOrganization(t.database.db, 'site');
    const created = await timed(() =>
      as.api.post('/api/sites', {
        organizationId: siteOrg.id,
        name: 'Audited Site',
        country: 'DE',
        timeZone: 'Europe/Berlin',
        city: 'Köln',
      }),
    );
    expect(created.response.statusCode).toBe(201);
    const site = created.response.json();
    const updated = await timed(() =>
      as.api.patch(`/api/sites/${site.id}`, { principalInvestigator: 'Dr. Müller', reason: 'New PI' }, { 'if-match': '"1"' }),
    );
    expect(updated.response.statusCode).toBe(200);

    const history = await historyOf(as, 'site', site.id);
    expect(history.map((e) => e.action)).toEqual(['create', 'update']);
    expectWrittenBy(history[0], as, created);
    expect(history[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', old: null, new: 'Audited Site' },
        { field: 'city', old: null, new: 'Köln' },
        { field: 'timeZone', old: null, new: 'Europe/Berlin' },
      ]),
    );
    expectWrittenBy(history[1], as, updated);
    expect(history[1]).toMatchObject({ reason: 'New PI', changes: [{ field: 'principalInvestigator', old: null, new: 'Dr. Müller' }] });
  });

  it('study-site create, update and status change; a status change without a reason changes nothing', async () => {
    const as = await admin();
    const study = await makeStudy(t.database.db);
    const site = await makeSite(t.database.db);
    const url = `/api/studies/${study.id}/sites`;
    const created = await timed(() => as.api.post(url, { siteId: site.id, siteNumber: '101', status: 'selected' }));
    expect(created.response.statusCode).toBe(201);
    const studySite = created.response.json();
    const updated = await timed(() => as.api.patch(`${url}/${studySite.id}`, { targetEnrollment: 12 }, { 'if-match': '"1"' }));
    expect(updated.response.statusCode).toBe(200);

    for (const reason of [undefined, '', '   ']) {
      const body = reason === undefined ? { status: 'start_up' } : { status: 'start_up', reason };
      const refused = await as.api.patch(`${url}/${studySite.id}`, body, { 'if-match': '"2"' });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.json().errors.map((e: { pointer: string }) => e.pointer)).toContain('/reason');
    }
    expect((await as.api.get(`${url}/${studySite.id}`)).json()).toMatchObject({ status: 'selected', version: 2 });
    expect(await historyOf(as, 'study_site', studySite.id)).toHaveLength(2);

    const statusChanged = await timed(() =>
      as.api.patch(`${url}/${studySite.id}`, { status: 'start_up', reason: 'Contract signed' }, { 'if-match': '"2"' }),
    );
    expect(statusChanged.response.statusCode).toBe(200);

    const history = await historyOf(as, 'study_site', studySite.id);
    expect(history.map((e) => e.action)).toEqual(['create', 'update', 'status_change']);
    expectWrittenBy(history[0], as, created);
    expect(history[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'studyId', old: null, new: study.id },
        { field: 'siteId', old: null, new: site.id },
        { field: 'siteNumber', old: null, new: '101' },
        { field: 'status', old: null, new: 'selected' },
      ]),
    );
    expectWrittenBy(history[1], as, updated);
    expect(history[1]?.changes).toEqual([{ field: 'targetEnrollment', old: null, new: 12 }]);
    expectWrittenBy(history[2], as, statusChanged);
    expect(history[2]).toMatchObject({ reason: 'Contract signed', changes: [{ field: 'status', old: 'selected', new: 'start_up' }] });
  });

  it('login success, failure, lockout and logout', async () => {
    const as = await admin();
    const org = await makeOrganization(t.database.db, 'site');
    const { user } = await makeUser(t.database.db, org.id, [], t.clock.now());
    const anonymous = client(t.app);

    const failed = await timed(() => anonymous.post('/api/auth/login', { email: user.email, password: 'not the password' }));
    expect(failed.response.statusCode).toBe(401);
    const loggedIn = await timed(() => anonymous.post('/api/auth/login', { email: user.email.toUpperCase(), password: testPassword }));
    expect(loggedIn.response.statusCode).toBe(200);
    const cookie = String(loggedIn.response.headers['set-cookie']).split(';')[0] ?? '';
    const loggedOut = await timed(() => client(t.app, cookie).post('/api/auth/logout'));
    expect(loggedOut.response.statusCode).toBe(204);
    const attempts = [];
    for (let i = 0; i < 5; i++)
      attempts.push(await timed(() => anonymous.post('/api/auth/login', { email: user.email, password: `wrong ${i}` })));
    expect(attempts.map((a) => a.response.statusCode)).toEqual([401, 401, 401, 401, 423]);

    const history = await historyOf(as, 'user', user.id);
    const byRequest = (requestId: string) => history.find((e) => e.requestId === requestId);
    expect(history.map((e) => e.action)).toEqual([
      'create',
      'login_failed',
      'login',
      'logout',
      'login_failed',
      'login_failed',
      'login_failed',
      'login_failed',
      'lockout',
    ]);

    // Whoever typed a wrong password is not known: the row does not pretend it was the user.
    const failure = byRequest(failed.requestId);
    expect(failure).toMatchObject({ action: 'login_failed', actorUserId: null, actorLabel: 'anonymous', entityId: user.id });
    expect(failure?.changes).toEqual([{ field: 'failedLoginCount', old: 0, new: 1 }]);
    const login = byRequest(loggedIn.requestId);
    expect(login).toMatchObject({ action: 'login', actorUserId: user.id, entityType: 'user', entityId: user.id });
    expect(login?.actorLabel).toContain(user.email);
    expect(byRequest(loggedOut.requestId)).toMatchObject({ action: 'logout', actorUserId: user.id, entityId: user.id });
    const lockout = byRequest(attempts[4]?.requestId ?? '');
    expect(lockout).toMatchObject({ action: 'lockout', actorUserId: null, changes: [{ field: 'failedLoginCount', old: 4, new: 5 }] });
    for (const call of [failed, loggedIn, loggedOut, ...attempts]) {
      const event = byRequest(call.requestId);
      const at = Date.parse(event?.occurredAt ?? '');
      expect(at).toBeGreaterThanOrEqual(call.before);
      expect(at).toBeLessThanOrEqual(call.after);
    }
    expect(JSON.stringify(history)).not.toContain(testPassword);
    expect(JSON.stringify(history)).not.toContain('wrong 0');
  });
});

/** Runs SQL that must be refused; if it were not, the rollback keeps the shared trail whole. */
async function expectRefusedByDatabase(statement: ReturnType<typeof sql>) {
  const attempt = t.database.db.transaction().execute(async (tx) => {
    await statement.execute(tx);
    throw new Error('the database let the statement through');
  });
  await expect(attempt).rejects.toThrow(/audit_events is append-only/);
}

describe('the trail cannot be changed', () => {
  it('the database refuses UPDATE, DELETE and TRUNCATE on audit_events', async () => {
    const study = await makeStudy(t.database.db);
    const row = await t.database.db.selectFrom('audit_events').selectAll().where('entity_id', '=', study.id).executeTakeFirstOrThrow();

    await expectRefusedByDatabase(sql`update audit_events set reason = 'rewritten' where seq = ${row.seq}`);
    await expectRefusedByDatabase(sql`update audit_events set occurred_at = occurred_at - interval '1 day' where entity_id = ${study.id}`);
    await expectRefusedByDatabase(sql`delete from audit_events where seq = ${row.seq}`);
    await expectRefusedByDatabase(sql`delete from audit_events`);
    await expectRefusedByDatabase(sql`truncate audit_events`);
    // Outside a transaction too: the refusal is the database's, not the transaction's.
    await expect(sql`update audit_events set reason = 'rewritten' where seq = ${row.seq}`.execute(t.database.db)).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(sql`delete from audit_events where seq = ${row.seq}`.execute(t.database.db)).rejects.toThrow(
      /append-only: DELETE refused/,
    );

    const after = await t.database.db.selectFrom('audit_events').selectAll().where('seq', '=', row.seq).executeTakeFirstOrThrow();
    expect(after).toEqual(row);
  });
});

/**
 * A database of its own: breaking the chain on purpose must not break it for the other test
 * files sharing the run's PostgreSQL database.
 */
async function openThrowAwayDatabase(): Promise<{ database: Database; discard(): Promise<void> }> {
  if (inject('databaseKind') === 'embedded') {
    const database = await openTestDatabase();
    return { database, discard: () => database.close() };
  }
  const url = new URL(inject('databaseSource'));
  const name = `${url.pathname.replace(/^\//, '')}_chain_${randomUUID().slice(0, 8)}`;
  url.pathname = `/${name}`;
  await recreatePostgresDatabase(url.toString());
  const database = openPostgres(url.toString(), 6);
  await migrateToLatest(database.db);
  return {
    database,
    async discard() {
      await database.close();
      const admin = new URL(url);
      admin.pathname = '/postgres';
      const pgClient = new pg.Client({ connectionString: admin.toString() });
      await pgClient.connect();
      // Not `with (force)`: killing a backend the pool is still closing makes its client emit
      // an error nobody listens to any more. Wait for the pool's sessions to end instead.
      for (let attempt = 0; ; attempt++) {
        try {
          await pgClient.query(`drop database if exists ${name}`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '55006' || attempt > 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await pgClient.end();
    },
  };
}

/** What an attacker with database access could do: switch the guard off, change, switch it on. */
async function behindTheAppsBack(db: Kysely<DB>, statement: ReturnType<typeof sql>) {
  await db.transaction().execute(async (tx) => {
    await sql`alter table audit_events disable trigger user`.execute(tx);
    await statement.execute(tx);
    await sql`alter table audit_events enable trigger user`.execute(tx);
  });
}

describe('verifyAuditChain', () => {
  let fresh: Awaited<ReturnType<typeof openThrowAwayDatabase>>;
  beforeAll(async () => {
    fresh = await openThrowAwayDatabase();
  });
  afterAll(() => fresh.discard());

  it('stays whole when many writes commit at once', async () => {
    const { db } = fresh.database;
    // On PostgreSQL these run on several connections: the chain must follow commit order.
    await Promise.all(Array.from({ length: 24 }, (_, i) => makeOrganization(db, i % 2 ? 'cro' : 'sponsor')));
    const report = await verifyAuditChain(db);
    expect(report.whole, JSON.stringify(report)).toBe(true);
    expect(report.rows).toBeGreaterThanOrEqual(24);
  });

  it('stays whole when transactions writing several rows each commit at once', async () => {
    const { db } = fresh.database;
    const ctx = systemContext('audit-test');
    const written = await Promise.all(
      Array.from({ length: 8 }, () =>
        db.transaction().execute(async (tx) => {
          const entityId = randomUUID();
          for (let step = 0; step < 3; step++) {
            await writeAuditEvent(tx, ctx, {
              entityType: 'organization',
              entityId,
              action: 'update',
              changes: [{ field: 'step', old: step, new: step + 1 }],
            });
          }
          return entityId;
        }),
      ),
    );
    const report = await verifyAuditChain(db);
    expect(report.whole, JSON.stringify(report)).toBe(true);
    // Each transaction's rows follow one another: the lock is held from its first row to its commit.
    for (const entityId of written) {
      const rows = await db
        .selectFrom('audit_events')
        .select(['seq', 'prev_hash', 'hash'])
        .where('entity_id', '=', entityId)
        .orderBy('seq')
        .execute();
      expect(rows).toHaveLength(3);
      expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
      expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
    }
  });

  it('reports the chain whole, then finds an altered row and a removed one', async () => {
    const { db } = fresh.database;
    await makeTenant(db);
    await makeTenant(db);
    const rows = await db.selectFrom('audit_events').select(['seq', 'reason', 'occurred_at', 'actor_label']).orderBy('seq').execute();
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const whole = await verifyAuditChain(db);
    expect(whole).toMatchObject({ whole: true, rows: rows.length });

    const target = rows[4];
    if (!target) throw new Error('too few audit rows');
    const alterations = [
      sql`update audit_events set reason = 'tidied up' where seq = ${target.seq}`,
      sql`update audit_events set occurred_at = occurred_at - interval '1 hour' where seq = ${target.seq}`,
      sql`update audit_events set actor_label = 'someone else' where seq = ${target.seq}`,
      sql`update audit_events set changes = '[]'::jsonb where seq = ${target.seq}`,
      sql`update audit_events set entity_id = ${randomUUID()} where seq = ${target.seq}`,
    ];
    const original = await db.selectFrom('audit_events').selectAll().where('seq', '=', target.seq).executeTakeFirstOrThrow();
    for (const alteration of alterations) {
      await behindTheAppsBack(db, alteration);
      expect(await verifyAuditChain(db)).toMatchObject({ whole: false, brokenAtSeq: target.seq, rows: 4 });
      // Put it back exactly: the chain is whole again, so the report is about the content, nothing else.
      await behindTheAppsBack(
        db,
        sql`update audit_events set reason = ${original.reason}, occurred_at = ${original.occurred_at}, actor_label = ${original.actor_label},
          changes = ${JSON.stringify(original.changes)}::jsonb, entity_id = ${original.entity_id} where seq = ${target.seq}`,
      );
      expect(await verifyAuditChain(db)).toMatchObject({ whole: true, rows: rows.length });
    }

    // A removed row breaks the link of the row after it.
    await behindTheAppsBack(db, sql`delete from audit_events where seq = ${target.seq}`);
    const next = rows[5];
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ whole: false, brokenAtSeq: next?.seq, rows: 4 });
    expect(report.whole === false && report.problem).toMatch(/removed/);
  });
});

describe('export', () => {
  it('exports a history as CSV (one line per changed field) and as JSON, the same events as the API', async () => {
    const as = await admin();
    const sponsor = await makeOrganization(t.database.db, 'sponsor');
    // Commas, quotes, a line break and non-Latin text must survive the CSV round trip.
    const title = 'Study "Alpha", part 1\nsecond line — 治験';
    const created = await timed(() =>
      as.api.post('/api/studies', { sponsorOrgId: sponsor.id, protocolNumber: 'EXP-1', title, shortName: 'EXP', phase: 'phase_1' }),
    );
    const study = created.response.json();
    const closed = await timed(() =>
      as.api.patch(`/api/studies/${study.id}`, { status: 'closed', reason: 'Stopped, for futility' }, { 'if-match': '"1"' }),
    );
    expect(closed.response.statusCode).toBe(200);
    const history = await historyOf(as, 'study', study.id);

    const csvResponse = await as.api.get(`/api/audit/export?entityType=study&entityId=${study.id}&format=csv`);
    expect(csvResponse.statusCode).toBe(200);
    expect(csvResponse.headers['content-type']).toMatch(/^text\/csv/);
    expect(csvResponse.headers['content-disposition']).toBe(`attachment; filename="history-study-${study.id}.csv"`);
    const lines: Record<string, string>[] = parse(csvResponse.body, { columns: true });
    expect(lines).toHaveLength(history.reduce((n, e) => n + Math.max(1, e.readableChanges.length), 0));
    expect(Object.keys(lines[0] ?? {})).toEqual([
      'seq',
      'occurred_at_utc',
      'actor',
      'actor_name',
      'record_type',
      'record',
      'action',
      'field',
      'old_value',
      'new_value',
      'reason',
      'request_id',
      'entity_type',
      'entity_id',
      'hash',
    ]);
    // A person reads labels and words; entity_type, entity_id and hash trace each line to its stored row.
    const titleLine = lines.find((l) => l.field === 'Title');
    expect(titleLine).toMatchObject({
      action: 'Created',
      record_type: 'Study',
      record: 'Study: EXP-1 EXP',
      old_value: '',
      new_value: title,
      entity_type: 'study',
      entity_id: study.id,
      request_id: created.requestId,
      occurred_at_utc: history[0]?.occurredAt,
      actor: history[0]?.actorLabel,
      actor_name: history[0]?.actorName,
      hash: history[0]?.hash,
    });
    expect(titleLine?.occurred_at_utc).toMatch(/Z$/);
    expect(lines.find((l) => l.action === 'Status changed')).toMatchObject({
      field: 'Status',
      old_value: 'Planning',
      new_value: 'Closed',
      reason: 'Stopped, for futility',
      request_id: closed.requestId,
      seq: history[1]?.seq,
    });
    expect(lines.find((l) => l.field === 'Enrollment target')).toBeUndefined();

    const jsonResponse = await as.api.get(`/api/audit/export?entityType=study&entityId=${study.id}&format=json`);
    expect(jsonResponse.statusCode).toBe(200);
    expect(jsonResponse.headers['content-type']).toMatch(/^application\/json/);
    expect(jsonResponse.headers['content-disposition']).toBe(`attachment; filename="history-study-${study.id}.json"`);
    expect(jsonResponse.json()).toEqual({ entityType: 'study', entityId: study.id, events: history });
  });

  it('exports nothing of a record the caller cannot see', async () => {
    const study = await makeStudy(t.database.db);
    const stranger = await makeUser(t.database.db, (await makeOrganization(t.database.db, 'sponsor')).id, [], t.clock.now());
    const outsider = client(t.app, stranger.cookie);
    const response = await outsider.get(`/api/audit/export?entityType=study&entityId=${study.id}&format=csv`);
    expect(response.statusCode).toBe(403);
    const auditor = await makeUser(
      t.database.db,
      (await makeOrganization(t.database.db, 'sponsor')).id,
      [{ role: 'auditor', scopeType: 'organization', scopeId: (await makeOrganization(t.database.db, 'sponsor')).id }],
      t.clock.now(),
    );
    const notTheirs = await client(t.app, auditor.cookie).get(`/api/audit/export?entityType=study&entityId=${study.id}&format=json`);
    expect(notTheirs.statusCode).toBe(404);
    expect(notTheirs.body).not.toContain(study.protocolNumber);
  });
});
