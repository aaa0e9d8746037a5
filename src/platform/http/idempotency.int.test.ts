import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeTenant, makeUser, type TestUser } from '../../../test/support/factories.js';
import { pdfBytes } from '../../../test/support/files.js';
import { client, createTestApp, type Response, type TestApp } from '../../../test/support/test-app.js';
import { createSession, sessionCookieName } from '../auth/sessions.repo.js';
import { buildApp } from './build-app.js';
import { purgeExpiredIdempotencyKeys } from './idempotency-store.repo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const hour = 60 * 60 * 1000;
const db = () => t.database.db;

async function studyManager() {
  const sponsor = await makeOrganization(db(), 'sponsor');
  const manager = await makeUser(
    db(),
    sponsor.id,
    [{ role: 'study_manager', scopeType: 'organization', scopeId: sponsor.id }],
    t.clock.now(),
  );
  return { sponsor, manager, api: client(t.app, manager.cookie) };
}

const studyBody = (sponsorOrgId: string, protocolNumber = `IDEM-${randomUUID().slice(0, 8)}`) => ({
  sponsorOrgId,
  protocolNumber,
  title: 'A study sent twice',
  shortName: 'TWICE',
  phase: 'phase_2',
});

const withKey = (key: string) => ({ 'idempotency-key': key });

const countStudies = async (sponsorOrgId: string) =>
  Number(
    (
      await db()
        .selectFrom('studies')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('sponsor_org_id', '=', sponsorOrgId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Audit rows written as this user: a replay must write none. */
const countAuditRowsBy = async (user: TestUser) =>
  Number(
    (
      await db()
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('actor_user_id', '=', user.user.id)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The retry got the first answer: same status, bytes and headers, marked as a replay. */
function expectReplayOf(retry: Response, first: Response) {
  expect(retry.statusCode).toBe(first.statusCode);
  expect(retry.rawPayload.equals(first.rawPayload)).toBe(true);
  for (const header of ['content-type', 'etag', 'location']) expect(retry.headers[header]).toBe(first.headers[header]);
  expect(first.headers['idempotent-replayed']).toBeUndefined();
  expect(retry.headers['idempotent-replayed']).toBe('true');
}

function expectKeyProblem(response: Response, status: number, label = '') {
  expect(response.statusCode, label).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json().errors).toContainEqual(expect.objectContaining({ pointer: 'header:/idempotency-key' }));
}

/** A multipart body with the boundary chosen by the test, as two browser attempts would differ. */
function multipart(boundary: string, fields: Record<string, string>, file: { name: string; bytes: Buffer }) {
  const text = Object.entries(fields)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('');
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(text + fileHead), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Routes that exist only here: an answer holding a secret, and a handler that fails once. */
function answersNotKept(app: FastifyInstance) {
  let flakyCalls = 0;
  app.post('/api/test/secret', { config: { permission: 'authenticated' } }, async (_request, reply) =>
    reply.code(201).header('Cache-Control', 'no-store').send({ secret: randomUUID() }),
  );
  app.post('/api/test/flaky', { config: { permission: 'authenticated' } }, async (_request, reply) => {
    flakyCalls += 1;
    if (flakyCalls === 1) throw new Error('the first call fails');
    return reply.code(201).send({ call: flakyCalls });
  });
}

describe('answers that are not kept', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ database: t.database, modules: [{ name: 'test-answers-not-kept', routes: [answersNotKept] }] });
    await app.ready();
  });
  afterAll(() => app.close());

  it('never writes down an answer marked no-store (a secret shown once): a retry runs again', async () => {
    const org = await makeOrganization(db(), 'sponsor');
    const user = await makeUser(db(), org.id, []);
    const api = client(app, user.cookie);
    const first = await api.post('/api/test/secret', {}, withKey('secret'));
    const second = await api.post('/api/test/secret', {}, withKey('secret'));
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.json().secret).not.toBe(first.json().secret);
    const keys = await db().selectFrom('idempotency_keys').select('key').where('user_id', '=', user.user.id).execute();
    expect(keys).toHaveLength(0);
  });

  it('releases the key when the handler fails (500), so that the retry runs and its answer is kept', async () => {
    const org = await makeOrganization(db(), 'sponsor');
    const user = await makeUser(db(), org.id, []);
    const api = client(app, user.cookie);
    const failed = await api.post('/api/test/flaky', {}, withKey('flaky'));
    expect(failed.statusCode).toBe(500);
    const retried = await api.post('/api/test/flaky', {}, withKey('flaky'));
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expectReplayOf(await api.post('/api/test/flaky', {}, withKey('flaky')), retried);
  });
});

describe('Idempotency-Key on creating POSTs', () => {
  it('answers a retried study create with the first answer, byte for byte, and keeps one study and one audit row', async () => {
    const { sponsor, manager, api } = await studyManager();
    const body = studyBody(sponsor.id);
    const first = await api.post('/api/studies', body, withKey('study-create-1'));
    expect(first.statusCode).toBe(201);
    const auditRows = await countAuditRowsBy(manager);
    expect(auditRows).toBe(1);

    // The same request with its fields in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retry = await api.post('/api/studies', reordered, withKey('study-create-1'));
    expectReplayOf(retry, first);
    expect(await countStudies(sponsor.id)).toBe(1);
    expect(await countAuditRowsBy(manager)).toBe(auditRows);
  });

  it('replays a retried site create and keeps one site', async () => {
    const siteOrg = await makeOrganization(db(), 'site');
    const admin = await makeUser(db(), siteOrg.id, [{ role: 'platform_admin', scopeType: 'platform' }], t.clock.now());
    const api = client(t.app, admin.cookie);
    const body = { organizationId: siteOrg.id, name: 'Harbour Clinic', country: 'US', timeZone: 'America/New_York' };
    const first = await api.post('/api/sites', body, withKey('site-create'));
    expect(first.statusCode).toBe(201);
    expectReplayOf(await api.post('/api/sites', body, withKey('site-create')), first);
    const sites = await db().selectFrom('sites').select('id').where('organization_id', '=', siteOrg.id).execute();
    expect(sites).toHaveLength(1);
    expect(await countAuditRowsBy(admin)).toBe(1);
  });

  it('replays a retried pre-screening candidate (with an identity) and keeps one candidate and one identity', async () => {
    const tenant = await makeTenant(db());
    const coordinator = await makeUser(
      db(),
      tenant.siteOrg.id,
      [{ role: 'study_coordinator', scopeType: 'site', scopeId: tenant.site.id }],
      t.clock.now(),
    );
    const api = client(t.app, coordinator.cookie);
    const url = `/api/studies/${tenant.study.id}/sites/${tenant.studySite.id}/prescreen-candidates`;
    const body = {
      source: 'referral',
      prescreenedOn: '2025-03-03',
      identity: { fullName: 'Robin Retry', dateOfBirth: '1980-02-02', phone: null, email: null },
    };
    const first = await api.post(url, body, withKey('candidate-1'));
    expect(first.statusCode).toBe(201);
    const auditRows = await countAuditRowsBy(coordinator);
    expectReplayOf(await api.post(url, body, withKey('candidate-1')), first);
    const candidates = await db()
      .selectFrom('prescreen_candidates')
      .select('id')
      .where('study_site_id', '=', tenant.studySite.id)
      .execute();
    expect(candidates).toHaveLength(1);
    const identities = await db().selectFrom('identities').select('id').where('study_site_id', '=', tenant.studySite.id).execute();
    expect(identities).toHaveLength(1);
    expect(await countAuditRowsBy(coordinator)).toBe(auditRows);
  });

  it('recognises a retried document upload sent with a new multipart boundary, and files it once', async () => {
    const tenant = await makeTenant(db());
    const coordinator = await makeUser(
      db(),
      tenant.siteOrg.id,
      [{ role: 'study_coordinator', scopeType: 'site', scopeId: tenant.site.id }],
      t.clock.now(),
    );
    const api = client(t.app, coordinator.cookie);
    const fields = { studyId: tenant.study.id, siteId: tenant.site.id, artifactNumber: '05.02.07', title: 'GCP certificate' };
    const file = { name: 'gcp.pdf', bytes: pdfBytes('GCP certificate') };
    const send = (boundary: string, fileBytes = file.bytes) => {
      const form = multipart(boundary, fields, { ...file, bytes: fileBytes });
      return api.post('/api/documents', form.payload, { ...form.headers, ...withKey('upload-1') });
    };
    const first = await send('first-attempt-boundary');
    expect(first.statusCode).toBe(201);
    const auditRows = await countAuditRowsBy(coordinator);

    expectReplayOf(await send('second-attempt-boundary'), first);
    const documents = await db().selectFrom('documents').select('id').where('study_id', '=', tenant.study.id).execute();
    expect(documents).toHaveLength(1);
    expect(await countAuditRowsBy(coordinator)).toBe(auditRows);

    // Another file under the same key is another request.
    expectKeyProblem(await send('third-attempt-boundary', pdfBytes('A different certificate')), 422);
    expect(await db().selectFrom('documents').select('id').where('study_id', '=', tenant.study.id).execute()).toHaveLength(1);
  });

  it('answers 422 naming the header when the same key comes with a different body, and creates nothing', async () => {
    const { sponsor, manager, api } = await studyManager();
    const first = await api.post('/api/studies', studyBody(sponsor.id), withKey('reused'));
    expect(first.statusCode).toBe(201);
    const auditRows = await countAuditRowsBy(manager);

    expectKeyProblem(await api.post('/api/studies', studyBody(sponsor.id), withKey('reused')), 422);
    // The same body to another path is a different request too.
    expectKeyProblem(await api.post('/api/sites', studyBody(sponsor.id), withKey('reused')), 422);
    expect(await countStudies(sponsor.id)).toBe(1);
    expect(await countAuditRowsBy(manager)).toBe(auditRows);
  });

  it("keeps each user's keys apart: another user's same key creates their own record", async () => {
    const one = await studyManager();
    const other = await studyManager();
    const first = await one.api.post('/api/studies', studyBody(one.sponsor.id), withKey('shared-key'));
    const second = await other.api.post('/api/studies', studyBody(other.sponsor.id), withKey('shared-key'));
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.json().id).not.toBe(first.json().id);
    expect(await countStudies(other.sponsor.id)).toBe(1);
  });

  it('creates one record when two requests with the same key arrive together', async () => {
    const { sponsor, api } = await studyManager();
    const body = studyBody(sponsor.id);
    const answers = await Promise.all([
      api.post('/api/studies', body, withKey('together')),
      api.post('/api/studies', body, withKey('together')),
      api.post('/api/studies', body, withKey('together')),
    ]);
    const created = answers.filter((a) => a.statusCode === 201);
    const running = answers.filter((a) => a.statusCode === 409);
    expect(created.length + running.length).toBe(answers.length);
    expect(created.length).toBeGreaterThan(0);
    // Whoever did not run it either saw it running (409) or got its answer replayed.
    for (const answer of created) expect(answer.rawPayload.equals(created[0]?.rawPayload ?? Buffer.alloc(0))).toBe(true);
    for (const answer of running) expectKeyProblem(answer, 409);
    expect(await countStudies(sponsor.id)).toBe(1);
  });

  it('lets a corrected retry through after a failed first attempt (400) with the same key', async () => {
    const { sponsor, api } = await studyManager();
    const { phase: _left, ...incomplete } = studyBody(sponsor.id);
    const failed = await api.post('/api/studies', incomplete, withKey('fix-and-retry'));
    expect(failed.statusCode).toBe(400);
    expect(await countStudies(sponsor.id)).toBe(0);

    const corrected = await api.post('/api/studies', studyBody(sponsor.id), withKey('fix-and-retry'));
    expect(corrected.statusCode).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    expect(await countStudies(sponsor.id)).toBe(1);
  });

  it('behaves as before without the header: each POST runs, nothing is stored', async () => {
    const { sponsor, manager, api } = await studyManager();
    const first = await api.post('/api/studies', studyBody(sponsor.id, 'NO-KEY-1'));
    const again = await api.post('/api/studies', studyBody(sponsor.id, 'NO-KEY-1'));
    expect(first.statusCode).toBe(201);
    // The duplicate reaches the handler, which refuses it as it always did.
    expect(again.statusCode).toBe(409);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    const keys = await db().selectFrom('idempotency_keys').select('key').where('user_id', '=', manager.user.id).execute();
    expect(keys).toHaveLength(0);
  });

  it('refuses a malformed key with 400 naming the header, and creates nothing', async () => {
    const { sponsor, api } = await studyManager();
    for (const key of ['', 'a'.repeat(256), 'has space', 'caf\u00e9', '"unterminated']) {
      expectKeyProblem(await api.post('/api/studies', studyBody(sponsor.id), withKey(key)), 400, `key ${JSON.stringify(key)}`);
    }
    expect(await countStudies(sponsor.id)).toBe(0);
    // The draft's own form, a quoted Structured Field string, names the same key as the bare one.
    const body = studyBody(sponsor.id);
    const quoted = await api.post('/api/studies', body, withKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"'));
    expect(quoted.statusCode).toBe(201);
    expectReplayOf(await api.post('/api/studies', body, withKey('8e03978e-40d5-43e8-bc93-6894a57f9324')), quoted);
    expect((await api.post('/api/studies', body, withKey('a'.repeat(255)))).statusCode).toBe(409);
  });

  // Moves the app's clock a day on: kept last, because every earlier session would be stale.
  it('forgets a key after 24 hours: the same request then runs again, and the purge deletes old keys', async () => {
    const { sponsor, manager, api } = await studyManager();
    const body = studyBody(sponsor.id);
    expect((await api.post('/api/studies', body, withKey('next-day'))).statusCode).toBe(201);
    expect((await api.post('/api/studies', studyBody(sponsor.id), withKey('reused-tomorrow'))).statusCode).toBe(201);
    expect((await api.post('/api/studies', studyBody(sponsor.id), withKey('left-to-purge'))).statusCode).toBe(201);

    t.clock.advance(25 * hour);
    const later = client(t.app, `${sessionCookieName}=${await createSession(db(), manager.user.id, t.clock.now())}`);
    // Same protocol number: the handler runs again and refuses the duplicate, as it would without a key.
    const again = await later.post('/api/studies', body, withKey('next-day'));
    expect(again.statusCode).toBe(409);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    const fresh = await later.post('/api/studies', studyBody(sponsor.id), withKey('reused-tomorrow'));
    expect(fresh.statusCode).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await countStudies(sponsor.id)).toBe(4);

    expect(await purgeExpiredIdempotencyKeys(db(), t.clock.now())).toBeGreaterThanOrEqual(1);
    const kept = await db().selectFrom('idempotency_keys').select('key').where('user_id', '=', manager.user.id).execute();
    expect(kept.map((row) => row.key)).toEqual(['reused-tomorrow']);
  });
});
