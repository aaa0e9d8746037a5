import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { domainModules } from '../../src/modules/index.js';
import { type Database, openEmbedded, openPostgres } from '../../src/platform/db/database.js';
import { buildApp } from '../../src/platform/http/build-app.js';

/** A clock the tests move forward to expire sessions and lockouts. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => (offset += ms) };
}

/** Opens the run's database: a fresh copy of the migrated embedded template, or the shared PostgreSQL one. */
export async function openTestDatabase(): Promise<Database> {
  const source = inject('databaseSource');
  if (inject('databaseKind') === 'postgresql') return openPostgres(source, 4);
  return openEmbedded({ loadDataDir: new Blob([readFileSync(source)]) });
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: TestClock;
  close(): Promise<void>;
}

export async function createTestApp(): Promise<TestApp> {
  const database = await openTestDatabase();
  const clock = testClock();
  const app = await buildApp({ database, now: clock.now, modules: domainModules({ secureCookies: false }) });
  await app.ready();
  return {
    app,
    database,
    clock,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export type Response = LightMyRequestResponse;

/** Calls the API as one user (by session cookie), or anonymously. */
export function client(app: FastifyInstance, cookie?: string) {
  const call = (method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const withCookie = { ...(cookie ? { cookie } : {}), ...headers };
    if (body === undefined) return app.inject({ method, url, headers: withCookie });
    // A string body is sent as it is: tests use it for malformed JSON.
    if (typeof body === 'string')
      return app.inject({ method, url, payload: body, headers: { 'content-type': 'application/json', ...withCookie } });
    return app.inject({ method, url, payload: body as object, headers: withCookie });
  };
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, body?: unknown, headers?: Record<string, string>) => call('POST', url, body ?? {}, headers),
    put: (url: string, body: unknown, headers?: Record<string, string>) => call('PUT', url, body, headers),
    patch: (url: string, body: unknown, headers?: Record<string, string>) => call('PATCH', url, body, headers),
    delete: (url: string, headers?: Record<string, string>) => call('DELETE', url, undefined, headers),
  };
}
export type Client = ReturnType<typeof client>;
