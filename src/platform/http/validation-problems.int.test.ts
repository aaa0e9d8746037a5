import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeUser } from '../../../test/support/factories.js';
import { multipartForm, pdfBytes } from '../../../test/support/files.js';
import { expectProblem } from '../../../test/support/problems.js';
import { client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { domainModules } from '../../modules/index.js';
import { buildApp } from './build-app.js';

/** Every error the server sends is problem+json, including the framework's own and the HTTP parser's. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function admin() {
  const org = await makeOrganization(t.database.db, 'vendor');
  const { cookie } = await makeUser(t.database.db, org.id, [{ role: 'platform_admin', scopeType: 'platform' }], t.clock.now());
  return { cookie, api: client(t.app, cookie) };
}

/** A GET over a real socket, answered as it arrives (the parser's errors never reach inject). */
function rawGet(port: number, path: string): Promise<{ statusCode: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('errors raised before a route runs', () => {
  it('headers too large (a 20,000-character q) answer 431 problem+json over a real socket', async () => {
    const app = await buildApp({ database: t.database, now: t.clock.now, modules: domainModules({ secureCookies: false }) });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const response = await rawGet(port, `/api/studies?q=${'q'.repeat(20_000)}`);
      const body = expectProblem(response, 431);
      expect(body.title).toBe('Request Header Fields Too Large');
      // The same server answers a normal request on a new connection.
      expect((await rawGet(port, '/api/nothing-here')).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('a URL that cannot be decoded, or a path parameter too long, is problem+json', async () => {
    const { api } = await admin();
    expectProblem(await api.get('/api/studies/%E0%A4%A'), 400);
    expectProblem(await api.get('/api/studies/%C3%28'), 400);
    expectProblem(await api.get('/api/docs/static/%zz'), 400);
    const tooLong = expectProblem(await api.get(`/api/studies/${'a'.repeat(200)}`), 414);
    expect(tooLong.title).toBe('URI Too Long');
  });

  it('unknown routes answer 404 problem+json, under /api and elsewhere, and in the API docs', async () => {
    const { api } = await admin();
    for (const url of ['/api/nothing-here', '/api/docs/static/no-such-file.js']) {
      expect(expectProblem(await api.get(url), 404).title).toBe('Not Found');
    }
    expectProblem(await client(t.app).post('/somewhere', {}), 404);
    expectProblem(await api.delete('/api/studies'), 404);
  });

  it('errors from static files are problem+json too', async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'trialdesk-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Trialdesk</title>');
    const app = await buildApp({ database: t.database, now: t.clock.now, webDir, modules: domainModules({ secureCookies: false }) });
    try {
      const range = await app.inject({ method: 'GET', url: '/index.html', headers: { range: 'bytes=100000-' } });
      expectProblem(range, 416);
      expectProblem(await app.inject({ method: 'GET', url: '/%E0%A4%A' }), 400);
      expect((await app.inject({ method: 'GET', url: '/index.html' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('bodies the server will not take', () => {
  it('413 for a JSON body over the limit, 415 for a type no route takes, each with its own title', async () => {
    const { api, cookie } = await admin();
    const large = expectProblem(await api.post('/api/studies', `{"title":"${'x'.repeat(1024 * 1024)}"}`), 413);
    expect(large.title).toBe('Content Too Large');
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/studies',
      payload: '<study/>',
      headers: { cookie, 'content-type': 'application/xml' },
    });
    expect(expectProblem(text, 415).title).toBe('Unsupported Media Type');
  });

  it('413 for a multipart upload over the limits: the file, or too many fields', async () => {
    const app = await buildApp({
      database: t.database,
      now: t.clock.now,
      maxUploadBytes: 1024,
      modules: domainModules({ secureCookies: false }),
    });
    try {
      const { cookie } = await admin();
      const inject = (form: FormData) => app.inject({ method: 'POST', url: '/api/documents', payload: form, headers: { cookie } });
      const tooBig = await inject(multipartForm({ bytes: pdfBytes('x'.repeat(2000)), name: 'big.pdf' }, { title: 'Big' }));
      expect(expectProblem(tooBig, 413, ['/file']).title).toBe('Content Too Large');
      const manyFields = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, 'x']));
      const tooMany = await inject(multipartForm({ bytes: pdfBytes(), name: 'small.pdf' }, manyFields));
      expect(expectProblem(tooMany, 413).title).toBe('Content Too Large');
    } finally {
      await app.close();
    }
  });
});

describe('optional bodies', () => {
  it('POST /api/calendar/feeds with no body, an empty JSON body or {} creates the feed', async () => {
    const { api, cookie } = await admin();
    const calls = [
      t.app.inject({ method: 'POST', url: '/api/calendar/feeds', headers: { cookie } }),
      t.app.inject({ method: 'POST', url: '/api/calendar/feeds', headers: { cookie, 'content-type': 'application/json' }, payload: '' }),
      api.post('/api/calendar/feeds', {}),
    ];
    for (const call of calls) {
      const response = await call;
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().url).toMatch(/^\/ical\/.+\.ics$/);
    }
    expect((await api.get('/api/calendar/feeds')).json().items).toHaveLength(3);
    // Optional is not anything: an unknown field is still refused.
    expectProblem(await api.post('/api/calendar/feeds', { colour: 'blue' }), 400, ['/colour']);
  });

  it('a body that is required stays required when it is left out', async () => {
    const { cookie } = await admin();
    const none = await t.app.inject({ method: 'POST', url: '/api/organizations', headers: { cookie } });
    expectProblem(none, 400, ['']);
  });
});
