import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeStudy, makeUser, testPassword } from '../../../test/support/factories.js';
import { client, createTestApp, type Response, type TestApp } from '../../../test/support/test-app.js';
import { hashSessionToken } from '../../platform/auth/sessions.repo.js';

/**
 * 21 CFR 11.300: sessions that end, a lockout after repeated wrong passwords, and access that
 * follows the grants as they are now, not as they were at login.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const minute = 60 * 1000;

async function person(password?: string) {
  const org = await makeOrganization(t.database.db, 'site');
  const made = await makeUser(t.database.db, org.id, [], t.clock.now());
  if (password) {
    const admin = await platformAdmin();
    const changed = await admin.patch(`/api/users/${made.user.id}`, { password }, { 'if-match': `"${made.user.version}"` });
    expect(changed.statusCode, changed.body).toBe(200);
  }
  return made.user;
}

async function platformAdmin() {
  const org = await makeOrganization(t.database.db, 'vendor');
  const { cookie } = await makeUser(t.database.db, org.id, [{ role: 'platform_admin', scopeType: 'platform' }], t.clock.now());
  return client(t.app, cookie);
}

function logIn(email: string, password: string) {
  return client(t.app).post('/api/auth/login', { email, password });
}

/** The session cookie a login set, as a browser would send it back. */
function sessionCookie(response: Response): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  const pair = first?.split(';')[0];
  if (!pair?.startsWith('trialdesk_session=')) throw new Error(`no session cookie in ${String(header)}`);
  return pair;
}

async function loggedIn(email: string, password = testPassword) {
  const response = await logIn(email, password);
  expect(response.statusCode, response.body).toBe(200);
  return client(t.app, sessionCookie(response));
}

function expectUnauthorized(response: Response) {
  expect(response.statusCode, response.body).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
}

describe('login', () => {
  it('sets an httpOnly, SameSite=Strict session cookie that /api/me accepts', async () => {
    const user = await person();
    const response = await logIn(user.email, testPassword);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { id: user.id, email: user.email }, grants: [], permissions: [] });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^trialdesk_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
    // Only the token's hash is stored: the cookie value is not in the sessions table.
    const token = sessionCookie(response).split('=')[1] ?? '';
    const stored = await t.database.db.selectFrom('sessions').select('token_hash').where('user_id', '=', user.id).execute();
    expect(stored.map((s) => s.token_hash)).toContain(hashSessionToken(token));
    expect(stored.map((s) => s.token_hash)).not.toContain(token);

    const me = await client(t.app, sessionCookie(response)).get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ id: user.id, email: user.email });
    expectUnauthorized(await client(t.app).get('/api/me'));
    expectUnauthorized(await client(t.app, `trialdesk_session=${token.slice(0, -2)}xx`).get('/api/me'));
  });

  it('answers 401 to a wrong password and to an unknown e-mail alike', async () => {
    const user = await person();
    const wrong = await logIn(user.email, 'not the right password');
    const unknown = await logIn(`nobody-${user.id}@test.trialdesk.dev`, testPassword);
    for (const response of [wrong, unknown]) {
      expectUnauthorized(response);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('locks the account after 5 wrong passwords in a row, even against the right one, for 15 minutes', async () => {
    const user = await person();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await logIn(user.email, `wrong password ${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);

    const locked = await logIn(user.email, testPassword);
    expect(locked.statusCode).toBe(423);
    expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(locked.headers['set-cookie']).toBeUndefined();

    const admin = await platformAdmin();
    const history = (await admin.get(`/api/audit?entityType=user&entityId=${user.id}`)).json().items;
    expect(history.map((e: { action: string }) => e.action)).toEqual([
      'create',
      'login_failed',
      'login_failed',
      'login_failed',
      'login_failed',
      'lockout',
    ]);

    t.clock.advance(14 * minute);
    expect((await logIn(user.email, testPassword)).statusCode).toBe(423);
    t.clock.advance(1 * minute + 1000);
    const again = await logIn(user.email, testPassword);
    expect(again.statusCode).toBe(200);
    expect((await client(t.app, sessionCookie(again)).get('/api/me')).statusCode).toBe(200);
  });

  it('counts wrong passwords in a row: a right one in between starts the count again', async () => {
    const user = await person();
    for (let i = 0; i < 4; i++) expect((await logIn(user.email, `wrong ${i}`)).statusCode).toBe(401);
    expect((await logIn(user.email, testPassword)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await logIn(user.email, `wrong again ${i}`)).statusCode).toBe(401);
    expect((await logIn(user.email, testPassword)).statusCode).toBe(200);
  });

  it('locks the account when wrong passwords arrive all at once', async () => {
    const user = await person();
    // A guesser does not wait for each answer: ten guesses in flight together count as ten.
    const guesses = await Promise.all(Array.from({ length: 10 }, (_, i) => logIn(user.email, `parallel guess ${i}`)));
    expect(guesses.map((g) => g.statusCode)).toContain(423);
    expect((await logIn(user.email, testPassword)).statusCode).toBe(423);
  });

  it('an administrator can unlock a locked account at once', async () => {
    const user = await person();
    for (let i = 0; i < 5; i++) await logIn(user.email, `wrong ${i}`);
    expect((await logIn(user.email, testPassword)).statusCode).toBe(423);
    const admin = await platformAdmin();
    const version = (await admin.get(`/api/users/${user.id}`)).headers.etag ?? '';
    expect(
      (await admin.patch(`/api/users/${user.id}`, { unlock: true, reason: 'Called the help desk' }, { 'if-match': version })).statusCode,
    ).toBe(200);
    expect((await logIn(user.email, testPassword)).statusCode).toBe(200);
  });

  it('accepts Unicode passwords, whatever the normalization the keyboard sends', async () => {
    const composed = 'Crème brûlée · 東京 · 🔐'.normalize('NFC');
    const user = await person(composed);
    expect((await logIn(user.email, composed)).statusCode).toBe(200);
    expect((await logIn(user.email, composed.normalize('NFD'))).statusCode).toBe(200);
    expectUnauthorized(await logIn(user.email, 'Creme brulee · 東京 · 🔐'));
  });
});

describe('session lifetime', () => {
  it('ends a session unused for more than 30 minutes', async () => {
    const user = await person();
    const api = await loggedIn(user.email);
    t.clock.advance(30 * minute + 1000);
    expectUnauthorized(await api.get('/api/me'));
    // It stays ended: coming back within the window of a new request does not revive it.
    t.clock.advance(-5 * minute);
    expectUnauthorized(await api.get('/api/me'));
    t.clock.advance(5 * minute);
  });

  it('keeps a session used every 20 minutes alive', async () => {
    const user = await person();
    const api = await loggedIn(user.email);
    for (let i = 0; i < 6; i++) {
      t.clock.advance(20 * minute);
      expect((await api.get('/api/me')).statusCode, `after ${(i + 1) * 20} minutes`).toBe(200);
    }
  });

  it('ends a session 12 hours after login however active it is', async () => {
    const user = await person();
    const api = await loggedIn(user.email);
    // 35 requests 20 minutes apart: 11 h 40 min of work, the session still open.
    for (let i = 0; i < 35; i++) {
      t.clock.advance(20 * minute);
      expect((await api.get('/api/me')).statusCode).toBe(200);
    }
    t.clock.advance(20 * minute + 1000);
    expectUnauthorized(await api.get('/api/me'));
    // A new login opens a new session.
    const fresh = await loggedIn(user.email);
    expect((await fresh.get('/api/me')).statusCode).toBe(200);
  });

  it('logout ends the session: the same cookie is refused afterwards', async () => {
    const user = await person();
    const api = await loggedIn(user.email);
    const other = await loggedIn(user.email);
    const out = await api.post('/api/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^trialdesk_session=;/);
    expectUnauthorized(await api.get('/api/me'));
    expectUnauthorized(await api.post('/api/auth/logout'));
    // Logging out ends that session, not the user's session in another browser.
    expect((await other.get('/api/me')).statusCode).toBe(200);
  });
});

describe('access follows the grants and the account as they are now', () => {
  it('a revoked grant takes effect on the next request of an open session', async () => {
    const study = await makeStudy(t.database.db);
    const otherStudy = await makeStudy(t.database.db);
    const org = await makeOrganization(t.database.db, 'cro');
    const { user, cookie } = await makeUser(
      t.database.db,
      org.id,
      [
        { role: 'cra', scopeType: 'study', scopeId: study.id },
        { role: 'cra', scopeType: 'study', scopeId: otherStudy.id },
      ],
      t.clock.now(),
    );
    const cra = client(t.app, cookie);
    expect((await cra.get(`/api/studies/${study.id}`)).statusCode).toBe(200);

    const admin = await platformAdmin();
    const grants: { id: string; scopeId: string }[] = (await admin.get(`/api/users/${user.id}/grants`)).json().items;
    const onStudy = grants.find((g) => g.scopeId === study.id);
    const revoked = await admin.delete(`/api/users/${user.id}/grants/${onStudy?.id}?reason=Rotated%20off`);
    expect(revoked.statusCode).toBe(204);

    // Same session, next request: the study is gone as if it did not exist; the other stays.
    const gone = await cra.get(`/api/studies/${study.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.body).not.toContain(study.protocolNumber);
    expect((await cra.get(`/api/studies/${otherStudy.id}`)).statusCode).toBe(200);
    expect((await cra.get('/api/studies')).json().items.map((s: { id: string }) => s.id)).toEqual([otherStudy.id]);

    // With the last grant gone the user may read no study at all: the route itself refuses.
    const last = grants.find((g) => g.scopeId === otherStudy.id);
    expect((await admin.delete(`/api/users/${user.id}/grants/${last?.id}`)).statusCode).toBe(204);
    expect((await cra.get(`/api/studies/${otherStudy.id}`)).statusCode).toBe(403);
    expect((await cra.get('/api/me')).json()).toMatchObject({ grants: [], permissions: [] });
  });

  it('deactivating a user ends their sessions and refuses their login', async () => {
    const user = await person();
    const first = await loggedIn(user.email);
    const second = await loggedIn(user.email);
    const admin = await platformAdmin();
    const etag = (await admin.get(`/api/users/${user.id}`)).headers.etag ?? '';
    const deactivated = await admin.patch(`/api/users/${user.id}`, { isActive: false, reason: 'Left the site' }, { 'if-match': etag });
    expect(deactivated.statusCode).toBe(200);
    expectUnauthorized(await first.get('/api/me'));
    expectUnauthorized(await second.get('/api/me'));
    expectUnauthorized(await logIn(user.email, testPassword));

    // Reactivated, the old sessions stay ended; a new login works.
    const again = await admin.patch(
      `/api/users/${user.id}`,
      { isActive: true, reason: 'Back' },
      { 'if-match': deactivated.headers.etag ?? '' },
    );
    expect(again.statusCode).toBe(200);
    expectUnauthorized(await first.get('/api/me'));
    expect((await (await loggedIn(user.email)).get('/api/me')).statusCode).toBe(200);
  });

  it('a new password ends the sessions opened with the old one', async () => {
    const user = await person();
    const api = await loggedIn(user.email);
    const admin = await platformAdmin();
    const etag = (await admin.get(`/api/users/${user.id}`)).headers.etag ?? '';
    const newPassword = 'a brand new passphrase 🔑';
    expect((await admin.patch(`/api/users/${user.id}`, { password: newPassword }, { 'if-match': etag })).statusCode).toBe(200);
    expectUnauthorized(await api.get('/api/me'));
    expectUnauthorized(await logIn(user.email, testPassword));
    expect((await logIn(user.email, newPassword)).statusCode).toBe(200);
  });
});
