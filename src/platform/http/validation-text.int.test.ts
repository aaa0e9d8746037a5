import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeStudy, makeTenant, makeUser, testPassword } from '../../../test/support/factories.js';
import { multipartForm, pdfBytes } from '../../../test/support/files.js';
import { auditRowsBy, expectProblem, refusedWithoutChange } from '../../../test/support/problems.js';
import { client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

/**
 * Text PostgreSQL cannot store (U+0000), lone UTF-16 surrogates and bytes that are not UTF-8 are
 * refused at the boundary with 400 naming the field, on every route and before anything is
 * written; they used to answer 500 (error 22021) or be stored as U+FFFD without a word.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function admin() {
  const org = await makeOrganization(t.database.db, 'vendor');
  const { user, cookie } = await makeUser(t.database.db, org.id, [{ role: 'platform_admin', scopeType: 'platform' }], t.clock.now());
  return { user, cookie, api: client(t.app, cookie) };
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A multipart body written byte by byte, for parts a browser's FormData cannot send. */
function rawMultipart(parts: { disposition: string; contentType?: string; bytes: Buffer }[]) {
  const boundary = 'trialdesk-test-boundary';
  const chunks = parts.flatMap((part) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${part.disposition}\r\n`),
    Buffer.from(part.contentType ? `Content-Type: ${part.contentType}\r\n\r\n` : '\r\n'),
    part.bytes,
    Buffer.from('\r\n'),
  ]);
  return {
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('U+0000 in a request', () => {
  it('login, anonymous: 400 naming the field, no failed attempt counted and no audit row', async () => {
    const org = await makeOrganization(t.database.db, 'site');
    const { user } = await makeUser(t.database.db, org.id, []);
    const auditOfUser = () =>
      t.database.db.selectFrom('audit_events').select('seq').where('entity_type', '=', 'user').where('entity_id', '=', user.id).execute();
    const before = await auditOfUser();
    const anonymous = client(t.app);
    expectProblem(await anonymous.post('/api/auth/login', { email: `${user.email}\u0000`, password: testPassword }), 400, ['/email']);
    expectProblem(await anonymous.post('/api/auth/login', { email: user.email, password: 'wrong password\u0000' }), 400, ['/password']);
    const row = await t.database.db.selectFrom('users').select('failed_login_count').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.failed_login_count).toBe(0);
    expect(await auditOfUser()).toEqual(before);
    expect((await anonymous.post('/api/auth/login', { email: user.email, password: testPassword })).statusCode).toBe(200);
  });

  it('in q of every searchable list: 400 naming querystring:/q', async () => {
    const { api } = await admin();
    const lists = ['studies', 'participants', 'documents', 'sites', 'organizations', 'people', 'study-sites'];
    for (const list of lists) expectProblem(await api.get(`/api/${list}?q=a%00b`), 400, ['querystring:/q']);
    // The same lists answer a plain search, so the refusal is about the character alone.
    for (const list of lists) expect((await api.get(`/api/${list}?q=ab`)).statusCode).toBe(200);
  });

  it('in the values of a cursor, with the default sort: 400 naming the cursor', async () => {
    const { api } = await admin();
    const id = '00000000-0000-4000-8000-000000000000';
    for (const list of ['studies', 'sites', 'organizations', 'documents', 'people']) {
      expectProblem(await api.get(`/api/${list}?cursor=${cursorOf(['a\u0000b', id])}`), 400, ['querystring:/cursor']);
      expectProblem(await api.get(`/api/${list}?cursor=${cursorOf(['a\ud800b', id])}`), 400, ['querystring:/cursor']);
    }
    const notUtf8 = Buffer.concat([Buffer.from('["a'), Buffer.from([0xc3, 0x28]), Buffer.from(`","${id}"]`)]).toString('base64url');
    expectProblem(await api.get(`/api/studies?cursor=${notUtf8}`), 400, ['querystring:/cursor']);
  });

  it('in a study update, title or reason: 400 naming it, the study unchanged', async () => {
    const { user, api } = await admin();
    const study = await makeStudy(t.database.db);
    const url = `/api/studies/${study.id}`;
    const ifMatch = { 'if-match': '"1"' };
    await refusedWithoutChange(t.database.db, user.id, [
      async () => void expectProblem(await api.patch(url, { title: 'New\u0000title' }, ifMatch), 400, ['/title']),
      async () => void expectProblem(await api.patch(url, { title: 'New title', reason: 'why\u0000' }, ifMatch), 400, ['/reason']),
    ]);
    expect((await api.get(url)).json()).toMatchObject({ title: study.title, version: 1 });
  });

  it('in a multipart upload, title or file name: 400 naming it, nothing filed', async () => {
    const { user, api, cookie } = await admin();
    const a = await makeTenant(t.database.db);
    const fields = { studyId: a.study.id, siteId: a.site.id, artifactNumber: '04.01.02' };
    const file = { bytes: pdfBytes(), name: 'approval.pdf' };
    await refusedWithoutChange(t.database.db, user.id, [
      async () =>
        void expectProblem(await api.post('/api/documents', multipartForm(file, { ...fields, title: 'IRB\u0000' })), 400, ['/title']),
      async () =>
        void expectProblem(
          await api.post('/api/documents', multipartForm({ ...file, name: 'appro\u0000val.pdf' }, { ...fields, title: 'IRB' })),
          400,
          ['/file'],
        ),
      async () => {
        // A part may declare its charset; UTF-16 bytes can carry a lone surrogate (0xD800) through.
        const form = rawMultipart([
          ...Object.entries(fields).map(([name, value]) => ({ disposition: `name="${name}"`, bytes: Buffer.from(value) })),
          { disposition: 'name="title"', contentType: 'text/plain; charset=utf-16le', bytes: Buffer.from([0x61, 0, 0x00, 0xd8, 0x62, 0]) },
          { disposition: 'name="file"; filename="approval.pdf"', contentType: 'application/pdf', bytes: pdfBytes() },
        ]);
        const response = await t.app.inject({ method: 'POST', url: '/api/documents', ...form, headers: { ...form.headers, cookie } });
        expectProblem(response, 400, ['/title']);
      },
    ]);
    const filed = await t.database.db.selectFrom('documents').select('id').where('study_id', '=', a.study.id).execute();
    expect(filed).toHaveLength(0);
    const accepted = await api.post('/api/documents', multipartForm(file, { ...fields, title: 'IRB approval' }));
    expect(accepted.statusCode, accepted.body).toBe(201);
  });
});

describe('lone surrogates and bytes that are not UTF-8', () => {
  it('a lone surrogate in a JSON body is refused, not stored as U+FFFD', async () => {
    const { user, api } = await admin();
    const study = await makeStudy(t.database.db);
    const ifMatch = { 'if-match': '"1"' };
    await refusedWithoutChange(t.database.db, user.id, [
      async () => void expectProblem(await api.patch(`/api/studies/${study.id}`, '{"title":"abc\\ud800def"}', ifMatch), 400, ['/title']),
      async () => void expectProblem(await api.patch(`/api/studies/${study.id}`, '{"title":"abc\\udc00def"}', ifMatch), 400, ['/title']),
      async () => void expectProblem(await api.post('/api/organizations', '{"name":"Acme","kind":"cro","\\ud800":1}'), 400, ['/\ud800']),
    ]);
    expect((await api.get(`/api/studies/${study.id}`)).json()).toMatchObject({ title: study.title, version: 1 });
    // A surrogate pair is one real character (an emoji) and is kept.
    const emoji = await api.patch(`/api/studies/${study.id}`, '{"title":"Study \\ud83e\\uddea"}', ifMatch);
    expect(emoji.statusCode, emoji.body).toBe(200);
    expect(emoji.json().title).toBe('Study 🧪');
  });

  it('a JSON body that is not UTF-8 is refused', async () => {
    const { user, cookie } = await admin();
    const latin1 = Buffer.concat([Buffer.from('{"name":"Soci'), Buffer.from([0xe9]), Buffer.from('t\u00e9","kind":"cro"}')]);
    await refusedWithoutChange(t.database.db, user.id, [
      async () => {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/organizations',
          payload: latin1,
          headers: { cookie, 'content-type': 'application/json' },
        });
        expect(expectProblem(response, 400, ['']).detail).toMatch(/UTF-8/);
      },
    ]);
    expect(await auditRowsBy(t.database.db, user.id)).toBe(0);
  });

  it('a query value whose escapes are not UTF-8 (a stray byte, an encoded surrogate) names the parameter', async () => {
    const { api } = await admin();
    expectProblem(await api.get('/api/studies?q=a%C3%28b'), 400, ['querystring:/q']);
    expectProblem(await api.get('/api/sites?q=abc%ED%A0%80def'), 400, ['querystring:/q']);
    expectProblem(await api.get('/api/organizations?limit=5&q=%FF'), 400, ['querystring:/q']);
    // Real UTF-8 and a literal '%' are searched for as they are.
    for (const q of ['M%C3%BCller', '%F0%9F%A7%AA', '100%25']) expect((await api.get(`/api/studies?q=${q}`)).statusCode).toBe(200);
  });

  it('a path parameter holding U+0000 is refused naming it', async () => {
    const { api } = await admin();
    expectProblem(await api.get('/api/studies/%00'), 400, ['params:/id']);
    expectProblem(await client(t.app).get('/ical/abc%00def.ics'), 400, ['params:/token']);
  });
});
