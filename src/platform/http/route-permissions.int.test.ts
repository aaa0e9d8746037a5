import { randomUUID } from 'node:crypto';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeUser } from '../../../test/support/factories.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { domainModules } from '../../modules/index.js';
import { permissions } from '../auth/roles.js';
import { sessionCookieName } from '../auth/sessions.repo.js';
import { buildApp } from './build-app.js';

/**
 * Every /api route declares what it needs, so a new endpoint cannot forget its access rule,
 * and nothing but the declared public routes answers a caller without a session.
 */
interface CollectedRoute {
  method: string;
  url: string;
  permission: unknown;
}

let t: TestApp;
let app: FastifyInstance;
const collected: CollectedRoute[] = [];

beforeAll(async () => {
  t = await createTestApp();
  // The same modules as the real app, with a first one that records each route as it is added.
  const collector = (instance: FastifyInstance) => {
    instance.addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) collected.push({ method, url: route.url, permission: route.config?.permission });
    });
  };
  app = await buildApp({
    database: t.database,
    now: t.clock.now,
    modules: [{ name: 'test-collector', routes: [collector] }, ...domainModules({ secureCookies: false })],
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.close();
});

/** Every route the app serves, read from its router (this includes those added before the modules). */
function registeredRoutes(instance: FastifyInstance): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of instance.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (stack[depth - 1] ?? '') + (match[2] ?? '');
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim())) if (method) routes.push({ method, url: path });
  }
  return routes;
}

const apiRoutes = () => registeredRoutes(app).filter((r) => r.url.startsWith('/api'));
const declared = (route: { method: string; url: string }) => collected.find((c) => c.method === route.method && c.url === route.url);
/** Served by @fastify/swagger and the app's own API description: documentation, public by design. */
const isApiDescription = (url: string) => url === '/api/openapi.json' || url.startsWith('/api/docs');

describe('route permissions', () => {
  it('every /api route of the modules declares a known permission', () => {
    const moduleRoutes = collected.filter((r) => r.url.startsWith('/api'));
    expect(moduleRoutes.length).toBeGreaterThan(25);
    const allowed = new Set<unknown>([...permissions(), 'authenticated', 'public']);
    const undeclared = moduleRoutes.filter((r) => !allowed.has(r.permission)).map((r) => `${r.method} ${r.url}: ${String(r.permission)}`);
    expect(undeclared).toEqual([]);
  });

  it('the router holds no /api route that escaped the check', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(25);
    const unaccounted = routes.filter((r) => !declared(r) && !isApiDescription(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(unaccounted).toEqual([]);
  });

  it('the public routes are exactly login, health and the API description', () => {
    const publicRoutes = apiRoutes()
      .filter((r) => isApiDescription(r.url) || declared(r)?.permission === 'public')
      .filter((r) => !isApiDescription(r.url))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(publicRoutes).toEqual(['GET /api/health', 'HEAD /api/health', 'POST /api/auth/login']);
  });

  it('building an app with an /api route that declares no permission fails', async () => {
    const attempts: ((instance: FastifyInstance) => void)[] = [
      (instance) => {
        instance.get('/api/unguarded', async () => ({ secret: true }));
      },
      (instance) => {
        instance.route({ method: ['GET', 'POST'], url: '/api/unguarded-route', config: {}, handler: async () => ({}) });
      },
      (instance) => {
        // Inside a plugin with a prefix, the route's own path does not start with /api.
        void instance.register(
          async (plugin) => {
            plugin.post('/records', async () => ({}));
          },
          { prefix: '/api/plugin' },
        );
      },
    ];
    for (const attempt of attempts) {
      const build = async () => {
        const unsafe = await buildApp({
          database: t.database,
          modules: [...domainModules({ secureCookies: false }), { name: 'test-attempt', routes: [attempt] }],
        });
        try {
          await unsafe.ready();
        } finally {
          await unsafe.close();
        }
      };
      await expect(build()).rejects.toThrow(/declares no permission/);
    }

    // The same route with a permission builds; outside /api (the web app's files) none is asked for.
    const fine = await buildApp({
      database: t.database,
      modules: [
        ...domainModules({ secureCookies: false }),
        {
          name: 'test-guarded',
          routes: [
            (instance) => {
              instance.get('/api/guarded', { config: { permission: 'study.read' } }, async () => ({}));
              instance.get('/robots.txt', async () => 'User-agent: *');
            },
          ],
        },
      ],
    });
    await fine.ready();
    await fine.close();
  });
});

describe('anonymous callers', () => {
  const withIds = (url: string) => url.replace(/:[A-Za-z]+/g, () => randomUUID()).replace(/\*$/, 'anything');

  async function callEach(headers: Record<string, string>) {
    const refusedWrongly: string[] = [];
    const routes = apiRoutes().filter((r) => !isApiDescription(r.url) && declared(r)?.permission !== 'public');
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const hasBody = ['POST', 'PATCH', 'PUT'].includes(route.method);
      const response = await app.inject({
        method: route.method as 'GET',
        url: withIds(route.url),
        headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(hasBody ? { payload: '{}' } : {}),
      });
      const problem = route.method === 'HEAD' || /^application\/problem\+json/.test(String(response.headers['content-type']));
      if (response.statusCode !== 401 || !problem) refusedWrongly.push(`${route.method} ${route.url} -> ${response.statusCode}`);
      if (route.method !== 'HEAD' && response.statusCode === 401) expect(response.json()).toMatchObject({ status: 401 });
    }
    expect(refusedWrongly).toEqual([]);
  }

  it('every non-public route answers 401 problem+json without a session', async () => {
    await callEach({});
  });

  it('and with a made-up or ended session', async () => {
    await callEach({ cookie: `${sessionCookieName}=${randomUUID()}` });
    const org = await makeOrganization(t.database.db, 'sponsor');
    const { cookie } = await makeUser(t.database.db, org.id, [{ role: 'platform_admin', scopeType: 'platform' }], t.clock.now());
    const ended = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(ended.statusCode).toBe(204);
    await callEach({ cookie });
  });

  it('public routes answer without a session', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(200);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.org', password: 'x'.repeat(12) },
    });
    expect(login.statusCode).toBe(401);
    expect(login.json().detail).toMatch(/e-mail or password/);
  });
});
