import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, makeUser, type Tenant, testPassword } from '../../../test/support/factories.js';
import { multipartForm, pdfBytes } from '../../../test/support/files.js';
import { type Client, client, createTestApp, type Response, type TestApp } from '../../../test/support/test-app.js';
import { domainModules } from '../../modules/index.js';
import { buildApp } from './build-app.js';

/**
 * CSRF: SameSite=Strict lets a page on another port of the same host (same-site) write with
 * the user's cookie, so every state-changing request must come from the app's own origin.
 */
let t: TestApp;
let a: Tenant;
let coordinator: Client;

const app = 'http://127.0.0.1:3000';
const samePort = { host: '127.0.0.1:3000' };
const otherPort = 'http://127.0.0.1:4000';

beforeAll(async () => {
  t = await createTestApp();
  a = await makeTenant(t.database.db);
  const { cookie } = await makeUser(t.database.db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }]);
  coordinator = client(t.app, cookie);
});
afterAll(() => t.close());

function fileDocument(api: Client, headers: Record<string, string>, title = 'GCP certificate') {
  const form = multipartForm(
    { bytes: pdfBytes(title), name: 'gcp.pdf' },
    { studyId: a.study.id, siteId: a.site.id, artifactNumber: '05.02.07', title },
  );
  return api.post('/api/documents', form, { ...samePort, ...headers });
}

async function titlesFiled(): Promise<string[]> {
  const rows = await t.database.db.selectFrom('documents').select('title').where('study_id', '=', a.study.id).execute();
  return rows.map((row) => row.title);
}

function expectRefused(response: Response, pointer: string) {
  expect(response.statusCode, response.body).toBe(403);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status: 403, errors: [{ pointer }] });
}

describe('state-changing requests from another origin', () => {
  it('refuses a multipart document upload from a page on another port of the same host, and files nothing', async () => {
    const refused = await fileDocument(coordinator, { origin: otherPort, 'sec-fetch-site': 'same-site' }, 'Forged from another port');
    expectRefused(refused, 'headers:/origin');
    expect(refused.json().detail).toContain(otherPort);
    expect(await titlesFiled()).not.toContain('Forged from another port');

    const filed = await fileDocument(coordinator, { origin: app, 'sec-fetch-site': 'same-origin' }, 'Filed from the app');
    expect(filed.statusCode, filed.body).toBe(201);
    expect(await titlesFiled()).toContain('Filed from the app');
  });

  it('refuses an opaque ("null") or malformed Origin with 403, never 500', async () => {
    for (const origin of ['null', 'not a url', 'http://[::1', 'file:///etc/passwd']) {
      expectRefused(await fileDocument(coordinator, { origin }, `Opaque ${origin}`), 'headers:/origin');
    }
    expect((await titlesFiled()).filter((title) => title.startsWith('Opaque'))).toEqual([]);
  });

  it('without Origin, lets Sec-Fetch-Site decide: same-origin and none pass, same-site and cross-site are refused', async () => {
    expectRefused(await fileDocument(coordinator, { 'sec-fetch-site': 'same-site' }, 'Same-site'), 'headers:/sec-fetch-site');
    expectRefused(await fileDocument(coordinator, { 'sec-fetch-site': 'cross-site' }, 'Cross-site'), 'headers:/sec-fetch-site');
    expect((await fileDocument(coordinator, { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect((await fileDocument(coordinator, { 'sec-fetch-site': 'none' })).statusCode).toBe(201);
    expect(await titlesFiled()).not.toContain('Same-site');
    expect(await titlesFiled()).not.toContain('Cross-site');
  });

  it('lets a request with neither header through: curl, the CLI and other servers send none', async () => {
    expect((await fileDocument(coordinator, {}, 'From a script')).statusCode).toBe(201);
    expect(await titlesFiled()).toContain('From a script');
  });

  it('reads are not checked: a GET from another origin still answers', async () => {
    const read = await coordinator.get(`/api/documents?studyId=${a.study.id}`, { ...samePort, origin: otherPort });
    expect(read.statusCode).toBe(200);
  });

  it('covers every write method, and a route that does not exist', async () => {
    const headers = { ...samePort, origin: otherPort };
    expectRefused(await coordinator.patch(`/api/studies/${a.study.id}`, { title: 'Renamed' }, headers), 'headers:/origin');
    expectRefused(await coordinator.put(`/api/studies/${a.study.id}`, { title: 'Renamed' }, headers), 'headers:/origin');
    expectRefused(await coordinator.delete(`/api/documents/${a.study.id}`, headers), 'headers:/origin');
    expectRefused(await coordinator.post('/api/no-such-route', {}, headers), 'headers:/origin');
  });
});

describe('login and logout', () => {
  it('refuses a login from another origin and sets no cookie; the same login from the app succeeds', async () => {
    const { user } = await makeUser(t.database.db, a.siteOrg.id, []);
    const body = { email: user.email, password: testPassword };
    const refused = await client(t.app).post('/api/auth/login', body, { ...samePort, origin: otherPort });
    expectRefused(refused, 'headers:/origin');
    expect(refused.headers['set-cookie']).toBeUndefined();
    const accepted = await client(t.app).post('/api/auth/login', body, { ...samePort, origin: app });
    expect(accepted.statusCode, accepted.body).toBe(200);
  });

  it('refuses a logout from another origin: the session stays, and logout from the app ends it', async () => {
    const { cookie } = await makeUser(t.database.db, a.siteOrg.id, []);
    const user = client(t.app, cookie);
    expectRefused(await user.post('/api/auth/logout', undefined, { ...samePort, origin: otherPort }), 'headers:/origin');
    expect((await user.get('/api/me')).statusCode).toBe(200);
    expect((await user.post('/api/auth/logout', undefined, { ...samePort, origin: app })).statusCode).toBe(204);
    expect((await user.get('/api/me')).statusCode).toBe(401);
  });
});

describe("the app's own origin behind a proxy", () => {
  it('is the protocol and host the proxy forwarded: https passes, the same host over http does not', async () => {
    const proxied = { host: '10.0.0.5:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'trials.example.org' };
    const filed = await fileDocument(coordinator, { ...proxied, origin: 'https://trials.example.org' });
    expect(filed.statusCode, filed.body).toBe(201);
    expectRefused(await fileDocument(coordinator, { ...proxied, origin: 'http://trials.example.org' }), 'headers:/origin');
    expectRefused(await fileDocument(coordinator, { ...proxied, origin: 'http://10.0.0.5:3000' }), 'headers:/origin');
  });

  it('accepts the configured allowed origins, and only them', async () => {
    const configured = await buildApp({
      database: t.database,
      modules: domainModules({ secureCookies: false }),
      allowedOrigins: ['https://trials.example.org'],
    });
    try {
      const { cookie } = await makeUser(t.database.db, a.siteOrg.id, [
        { role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id },
      ]);
      const api = client(configured, cookie);
      expect((await fileDocument(api, { origin: 'https://trials.example.org' })).statusCode).toBe(201);
      expectRefused(await fileDocument(api, { origin: 'https://other.example.org' }), 'headers:/origin');
      expect((await fileDocument(api, { origin: app })).statusCode).toBe(201);
    } finally {
      await configured.close();
    }
  });
});
