import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeUser, testPassword } from '../../../test/support/factories.js';
import { client, createTestApp, type Response, type TestApp } from '../../../test/support/test-app.js';
import { buildApp } from '../../platform/http/build-app.js';
import { domainModules } from '../index.js';

/**
 * The session cookie is Secure whenever the browser used HTTPS (as the proxy reports it) or the
 * deployment says so, and logout clears it with the attributes it was set with.
 */
let t: TestApp;
/** The same database behind an app configured for Secure cookies (TRIALDESK_SECURE_COOKIES=true). */
let alwaysSecure: FastifyInstance;
beforeAll(async () => {
  t = await createTestApp();
  alwaysSecure = await buildApp({ database: t.database, now: t.clock.now, modules: domainModules({ secureCookies: true }) });
});
afterAll(async () => {
  await alwaysSecure?.close();
  await t.close();
});

const overHttps = { 'x-forwarded-proto': 'https' };

/** The one Set-Cookie header, split into its value and its attributes (lower-cased names). */
function setCookie(response: Response): { pair: string; attributes: Map<string, string> } {
  const header = response.headers['set-cookie'];
  expect(typeof header, `one Set-Cookie header, got ${String(header)}`).toBe('string');
  const [pair = '', ...attributes] = String(header).split(/;\s*/);
  return {
    pair,
    attributes: new Map(attributes.map((attribute) => [attribute.split('=')[0]?.toLowerCase() ?? '', attribute.split('=')[1] ?? ''])),
  };
}

/** Logs a fresh user in and out on `app`, with the same extra headers both times. */
async function logInAndOut(app: FastifyInstance, headers: Record<string, string>) {
  const org = await makeOrganization(t.database.db, 'site');
  const { user } = await makeUser(t.database.db, org.id, [], t.clock.now());
  const login = await client(app).post('/api/auth/login', { email: user.email, password: testPassword }, headers);
  expect(login.statusCode, login.body).toBe(200);
  const set = setCookie(login);
  const logout = await client(app, set.pair).post('/api/auth/logout', undefined, headers);
  expect(logout.statusCode, logout.body).toBe(204);
  return { set, cleared: setCookie(logout) };
}

/** What a browser matches a clearing cookie on, and what it must keep: all but the value and the lifetime. */
function lasting(attributes: Map<string, string>) {
  return Object.fromEntries([...attributes].filter(([name]) => name !== 'max-age' && name !== 'expires'));
}

describe('the session cookie', () => {
  it('over plain HTTP: HttpOnly, SameSite=Strict, Path=/, not Secure; logout clears it with the same attributes', async () => {
    const { set, cleared } = await logInAndOut(t.app, {});
    expect(lasting(set.attributes)).toEqual({ httponly: '', samesite: 'Strict', path: '/' });
    expect(cleared.pair).toBe('trialdesk_session=');
    expect(lasting(cleared.attributes)).toEqual(lasting(set.attributes));
    expect(cleared.attributes.get('max-age')).toBe('0');
  });

  it('is Secure when the request came over HTTPS through the proxy (X-Forwarded-Proto), and so is the clearing cookie', async () => {
    const { set, cleared } = await logInAndOut(t.app, overHttps);
    expect(lasting(set.attributes)).toEqual({ httponly: '', samesite: 'Strict', path: '/', secure: '' });
    expect(cleared.pair).toBe('trialdesk_session=');
    expect(lasting(cleared.attributes)).toEqual(lasting(set.attributes));
  });

  it('is Secure over plain HTTP too when the deployment is configured for it', async () => {
    const { set, cleared } = await logInAndOut(alwaysSecure, {});
    expect(lasting(set.attributes)).toEqual({ httponly: '', samesite: 'Strict', path: '/', secure: '' });
    expect(lasting(cleared.attributes)).toEqual(lasting(set.attributes));
  });
});
