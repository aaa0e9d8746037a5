import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeSite, makeStudy, makeStudySite, makeUser, testPassword } from '../../../test/support/factories.js';
import { expectProblem, refusedWithoutChange as refused } from '../../../test/support/problems.js';
import { client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { domainModules } from '../../modules/index.js';
import { buildApp } from './build-app.js';

/**
 * A refused request is refused whole: 400 problem+json naming each bad field, and not one row
 * or audit row written. Clients (and the web app) rely on the pointers to mark the fields.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A platform admin: every permission everywhere, so a refusal can only come from validation. */
async function admin() {
  const org = await makeOrganization(t.database.db, 'vendor');
  const { user, cookie } = await makeUser(t.database.db, org.id, [{ role: 'platform_admin', scopeType: 'platform' }], t.clock.now());
  return { user, cookie, api: client(t.app, cookie) };
}

const refusedWithoutChange = (userId: string, calls: (() => Promise<void>)[]) => refused(t.database.db, userId, calls);

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('request bodies', () => {
  it('refuses a malformed JSON body on every kind of write, changing nothing', async () => {
    const { user, api } = await admin();
    const study = await makeStudy(t.database.db);
    const site = await makeSite(t.database.db);
    await refusedWithoutChange(user.id, [
      async () => void expectProblem(await api.post('/api/studies', '{"title": "half'), 400, ['']),
      async () => void expectProblem(await api.post('/api/sites', '{name: unquoted}'), 400, ['']),
      async () => void expectProblem(await api.post('/api/organizations', "{'name':'single'}"), 400, ['']),
      async () => void expectProblem(await api.post('/api/users', '{"email":"a@b.c",}'), 400, ['']),
      async () => void expectProblem(await api.patch(`/api/studies/${study.id}`, '{"title":', { 'if-match': '"1"' }), 400, ['']),
      async () => void expectProblem(await api.patch(`/api/sites/${site.id}`, 'nope', { 'if-match': '"1"' }), 400, ['']),
      async () => void expectProblem(await api.post('/api/auth/login', '{"email":'), 400, ['']),
    ]);
    const read = (await api.get(`/api/studies/${study.id}`)).json();
    expect(read).toMatchObject({ title: study.title, version: 1 });
  });

  it('refuses a body that is not JSON at all, or is empty', async () => {
    const { user, cookie } = await admin();
    await refusedWithoutChange(user.id, [
      async () => {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/organizations',
          payload: 'name=Acme&kind=cro',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        });
        expectProblem(response, 415);
      },
      async () => {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/organizations',
          payload: '',
          headers: { cookie, 'content-type': 'application/json' },
        });
        expectProblem(response, 400);
      },
    ]);
  });

  it('study: unknown fields, wrong types, over-long text and impossible dates each name their field', async () => {
    const { user, api } = await admin();
    const sponsor = await makeOrganization(t.database.db, 'sponsor');
    const valid = { sponsorOrgId: sponsor.id, protocolNumber: 'VAL-1', title: 'Valid title', shortName: 'VAL', phase: 'phase_2' };
    const cases: [string, Record<string, unknown>, string][] = [
      ['unknown field', { ...valid, colour: 'blue' }, '/colour'],
      ['number as text', { ...valid, enrollmentTarget: 'ten' }, '/enrollmentTarget'],
      ['fraction', { ...valid, enrollmentTarget: 2.5 }, '/enrollmentTarget'],
      ['negative count', { ...valid, plannedSites: -1 }, '/plannedSites'],
      ['enum as number', { ...valid, phase: 3 }, '/phase'],
      ['unknown enum', { ...valid, phase: 'phase_9' }, '/phase'],
      ['text as object', { ...valid, title: { en: 'x' } }, '/title'],
      ['title of 501', { ...valid, title: 'x'.repeat(501) }, '/title'],
      ['protocol of 51', { ...valid, protocolNumber: 'P'.repeat(51) }, '/protocolNumber'],
      ['blank title', { ...valid, title: '   ' }, '/title'],
      ['missing title', { ...valid, title: undefined }, '/title'],
      ['not an id', { ...valid, sponsorOrgId: 'acme' }, '/sponsorOrgId'],
      ['30 February', { ...valid, plannedFpiDate: '2026-02-30' }, '/plannedFpiDate'],
      ['month 13', { ...valid, plannedFpiDate: '2026-13-01' }, '/plannedFpiDate'],
      ['a word', { ...valid, plannedFpiDate: 'tomorrow' }, '/plannedFpiDate'],
      ['29 Feb of a common year', { ...valid, plannedLpiDate: '2027-02-29' }, '/plannedLpiDate'],
      ['date and time', { ...valid, plannedFpiDate: '2026-03-01T00:00:00Z' }, '/plannedFpiDate'],
      ['last before first', { ...valid, plannedFpiDate: '2027-05-01', plannedLpiDate: '2027-01-01' }, '/plannedLpiDate'],
    ];
    await refusedWithoutChange(
      user.id,
      cases.map(
        ([, body, pointer]) =>
          async () =>
            void expectProblem(await api.post('/api/studies', body), 400, [pointer]),
      ),
    );
    const several = expectProblem(await api.post('/api/studies', { ...valid, title: '', phase: 'x', extra: 1 }), 400);
    expect(several.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/extra', '/phase', '/title']);
    const studies = await t.database.db.selectFrom('studies').select('id').where('sponsor_org_id', '=', sponsor.id).execute();
    expect(studies).toHaveLength(0);

    // The limits are the limits: exactly 500 and 50 characters, and a real 29 February, are fine.
    const atLimit = await api.post('/api/studies', {
      ...valid,
      title: 't'.repeat(500),
      protocolNumber: 'P'.repeat(50),
      plannedFpiDate: '2028-02-29',
    });
    expect(atLimit.statusCode, atLimit.body).toBe(201);
    expect(atLimit.json()).toMatchObject({ plannedFpiDate: '2028-02-29', protocolNumber: 'P'.repeat(50) });
  });

  it('study update: a refused change leaves the study and its history as they were', async () => {
    const { user, api } = await admin();
    const study = await makeStudy(t.database.db);
    const ifMatch = { 'if-match': '"1"' };
    await refusedWithoutChange(user.id, [
      async () => void expectProblem(await api.patch(`/api/studies/${study.id}`, { title: 'x'.repeat(501) }, ifMatch), 400, ['/title']),
      async () =>
        void expectProblem(await api.patch(`/api/studies/${study.id}`, { sponsorOrgId: study.id }, ifMatch), 400, ['/sponsorOrgId']),
      async () => void expectProblem(await api.patch(`/api/studies/${study.id}`, { status: 'paused' }, ifMatch), 400, ['/status']),
      async () =>
        void expectProblem(await api.patch(`/api/studies/${study.id}`, { plannedLpiDate: '2026-04-31' }, ifMatch), 400, [
          '/plannedLpiDate',
        ]),
      async () => void expectProblem(await api.patch(`/api/studies/${study.id}`, { reason: 'r'.repeat(1001) }, ifMatch), 400, ['/reason']),
      async () => void expectProblem(await api.patch('/api/studies/not-an-id', { title: 'x' }, ifMatch), 400, ['params:/id']),
    ]);
    const read = await api.get(`/api/studies/${study.id}`);
    expect(read.json()).toMatchObject({ title: study.title, status: study.status, version: 1 });
    const history = (await api.get(`/api/audit?entityType=study&entityId=${study.id}`)).json().items;
    expect(history).toHaveLength(1);
  });

  it('site: country, time zone, lengths and unknown fields', async () => {
    const { user, api } = await admin();
    const siteOrg = await makeOrganization(t.database.db, 'site');
    const valid = { organizationId: siteOrg.id, name: 'Valid Site', country: 'US', timeZone: 'America/Chicago' };
    const site = await makeSite(t.database.db, { organizationId: siteOrg.id });
    await refusedWithoutChange(user.id, [
      async () => void expectProblem(await api.post('/api/sites', { ...valid, country: 'usa' }), 400, ['/country']),
      async () => void expectProblem(await api.post('/api/sites', { ...valid, country: 'us' }), 400, ['/country']),
      async () => void expectProblem(await api.post('/api/sites', { ...valid, timeZone: 'Mars/Olympus_Mons' }), 400, ['/timeZone']),
      async () => void expectProblem(await api.post('/api/sites', { ...valid, timeZone: 'EST' }), 400, ['/timeZone']),
      async () => void expectProblem(await api.post('/api/sites', { ...valid, name: 'n'.repeat(201) }), 400, ['/name']),
      async () => void expectProblem(await api.post('/api/sites', { ...valid, postalCode: '1'.repeat(21) }), 400, ['/postalCode']),
      async () => void expectProblem(await api.post('/api/sites', { ...valid, fax: '555' }), 400, ['/fax']),
      async () => void expectProblem(await api.patch(`/api/sites/${site.id}`, { city: 5 }, { 'if-match': '"1"' }), 400, ['/city']),
      async () =>
        void expectProblem(await api.patch(`/api/sites/${site.id}`, { organizationId: siteOrg.id }, { 'if-match': '"1"' }), 400, [
          '/organizationId',
        ]),
    ]);
    const sites = await t.database.db.selectFrom('sites').select('name').where('organization_id', '=', siteOrg.id).execute();
    expect(sites.map((s) => s.name)).toEqual([site.name]);
    expect((await api.get(`/api/sites/${site.id}`)).json()).toMatchObject({ city: site.city, version: 1 });
  });

  it('study-site: dates, numbers, statuses and site numbers', async () => {
    const { user, api } = await admin();
    const study = await makeStudy(t.database.db);
    const site = await makeSite(t.database.db);
    const other = await makeSite(t.database.db);
    const studySite = await makeStudySite(t.database.db, study.id, other.id);
    const url = `/api/studies/${study.id}/sites`;
    const valid = { siteId: site.id, siteNumber: '001' };
    await refusedWithoutChange(user.id, [
      async () => void expectProblem(await api.post(url, { ...valid, activationDate: '2026-02-30' }), 400, ['/activationDate']),
      async () => void expectProblem(await api.post(url, { ...valid, activationDate: '2026-13-01' }), 400, ['/activationDate']),
      async () => void expectProblem(await api.post(url, { ...valid, activationDate: 'tomorrow' }), 400, ['/activationDate']),
      async () => void expectProblem(await api.post(url, { ...valid, siteNumber: '1'.repeat(21) }), 400, ['/siteNumber']),
      async () => void expectProblem(await api.post(url, { ...valid, status: 'open' }), 400, ['/status']),
      async () => void expectProblem(await api.post(url, { ...valid, targetEnrollment: '12' }), 400, ['/targetEnrollment']),
      async () => void expectProblem(await api.post(url, { ...valid, siteId: 42 }), 400, ['/siteId']),
      async () => void expectProblem(await api.post(url, { ...valid, studyId: study.id }), 400, ['/studyId']),
      async () =>
        void expectProblem(await api.patch(`${url}/${studySite.id}`, { targetEnrollment: 'many' }, { 'if-match': '"1"' }), 400, [
          '/targetEnrollment',
        ]),
      async () =>
        void expectProblem(await api.patch(`${url}/${studySite.id}`, { siteId: site.id }, { 'if-match': '"1"' }), 400, ['/siteId']),
    ]);
    const list = (await api.get(url)).json();
    expect(list.items.map((s: { id: string }) => s.id)).toEqual([studySite.id]);
    expect((await api.get(`${url}/${studySite.id}`)).json()).toMatchObject({ version: 1, targetEnrollment: null });
  });

  it('organization: kind, name length, country and fields that cannot change', async () => {
    const { user, api } = await admin();
    const org = await makeOrganization(t.database.db, 'cro');
    const name = `Refused ${org.id}`;
    await refusedWithoutChange(user.id, [
      async () => void expectProblem(await api.post('/api/organizations', { name, kind: 'hospital' }), 400, ['/kind']),
      async () => void expectProblem(await api.post('/api/organizations', { name: 'n'.repeat(201), kind: 'cro' }), 400, ['/name']),
      async () => void expectProblem(await api.post('/api/organizations', { name, kind: 'cro', country: 'us' }), 400, ['/country']),
      async () => void expectProblem(await api.post('/api/organizations', { name, kind: 'cro', id: org.id }), 400, ['/id']),
      async () =>
        void expectProblem(await api.patch(`/api/organizations/${org.id}`, { kind: 'sponsor' }, { 'if-match': '"1"' }), 400, ['/kind']),
      async () => void expectProblem(await api.patch(`/api/organizations/${org.id}`, { name: '' }, { 'if-match': '"1"' }), 400, ['/name']),
    ]);
    expect(await t.database.db.selectFrom('organizations').select('id').where('name', '=', name).execute()).toHaveLength(0);
    expect((await api.get(`/api/organizations/${org.id}`)).json()).toMatchObject({ name: org.name, kind: 'cro', version: 1 });
  });

  it('user: passwords count code points from 12 to 128, e-mails must be e-mails', async () => {
    const { user, api } = await admin();
    const org = await makeOrganization(t.database.db, 'site');
    const body = (password: string, email = `v-${org.id.slice(0, 8)}-${Math.random().toString(36).slice(2)}@test.trialdesk.dev`) => ({
      email,
      fullName: 'Validated Person',
      organizationId: org.id,
      password,
    });
    const existing = await makeUser(t.database.db, org.id, []);
    await refusedWithoutChange(user.id, [
      async () => void expectProblem(await api.post('/api/users', body('a'.repeat(11))), 400, ['/password']),
      async () => void expectProblem(await api.post('/api/users', body('a'.repeat(129))), 400, ['/password']),
      // 11 emoji are 22 UTF-16 units but 11 characters: still too short.
      async () => void expectProblem(await api.post('/api/users', body('🔐'.repeat(11))), 400, ['/password']),
      async () => void expectProblem(await api.post('/api/users', body('🔐'.repeat(129))), 400, ['/password']),
      async () => void expectProblem(await api.post('/api/users', body(testPassword, 'not-an-email')), 400, ['/email']),
      async () => void expectProblem(await api.post('/api/users', { ...body(testPassword), isAdmin: true }), 400, ['/isAdmin']),
      async () => void expectProblem(await api.post('/api/users', { ...body(testPassword), fullName: '' }), 400, ['/fullName']),
      async () =>
        void expectProblem(await api.patch(`/api/users/${existing.user.id}`, { password: 'short' }, { 'if-match': '"1"' }), 400, [
          '/password',
        ]),
      async () =>
        void expectProblem(await api.patch(`/api/users/${existing.user.id}`, { isActive: 'no' }, { 'if-match': '"1"' }), 400, [
          '/isActive',
        ]),
    ]);
    const users = await t.database.db.selectFrom('users').select('email').where('organization_id', '=', org.id).execute();
    expect(users.map((u) => u.email)).toEqual([existing.user.email]);
    expect((await api.get(`/api/users/${existing.user.id}`)).json()).toMatchObject({ isActive: true, version: 1 });

    // Exactly 12 code points of several scripts (more than 12 UTF-16 units) and 128 emoji are welcome.
    const twelve = 'Grüße-世界-🔐🗝!';
    expect([...twelve]).toHaveLength(12);
    expect(twelve.length).toBeGreaterThan(12);
    const created = await api.post('/api/users', body(twelve));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(twelve);
    const login = await client(t.app).post('/api/auth/login', { email: created.json().email, password: twelve });
    expect(login.statusCode).toBe(200);
    expect((await api.post('/api/users', body('🔐'.repeat(128)))).statusCode).toBe(201);
  });
});

describe('query strings and paths', () => {
  it('bad query parameters name the parameter as querystring:/name', async () => {
    const { api } = await admin();
    const cases: [string, string][] = [
      ['/api/studies?limit=0', 'querystring:/limit'],
      ['/api/studies?limit=201', 'querystring:/limit'],
      ['/api/studies?limit=ten', 'querystring:/limit'],
      ['/api/studies?sort=title', 'querystring:/sort'],
      ['/api/studies?order=up', 'querystring:/order'],
      ['/api/studies?status=open', 'querystring:/status'],
      ['/api/studies?sponsorOrgId=acme', 'querystring:/sponsorOrgId'],
      ['/api/studies?colour=blue', 'querystring:/colour'],
      ['/api/sites?country=usa', 'querystring:/country'],
      ['/api/study-sites?activationDate=2026-01-01', 'querystring:/activationDate'],
      ['/api/organizations?kind=hospital', 'querystring:/kind'],
      ['/api/users?sort=password', 'querystring:/sort'],
      [`/api/users?q=${'q'.repeat(101)}`, 'querystring:/q'],
      ['/api/audit?entityType=planet&entityId=00000000-0000-4000-8000-000000000000', 'querystring:/entityType'],
      // A record's history needs its kind; a study's trail takes days as YYYY-MM-DD.
      ['/api/audit?entityId=00000000-0000-4000-8000-000000000000', 'querystring:/entityType'],
      ['/api/audit?from=2026-13-01', 'querystring:/from'],
      ['/api/audit/export?entityType=study&entityId=00000000-0000-4000-8000-000000000000&format=xlsx', 'querystring:/format'],
    ];
    for (const [url, pointer] of cases) expectProblem(await api.get(url), 400, [pointer]);
  });

  it('a malformed id in the path is a 400 naming it, not a database error', async () => {
    const { api } = await admin();
    expectProblem(await api.get('/api/studies/123'), 400, ['params:/id']);
    expectProblem(await api.get("/api/sites/1'%20or%20'1'='1"), 400, ['params:/id']);
    const study = await makeStudy(t.database.db);
    expectProblem(await api.get(`/api/studies/${study.id}/sites/nope`), 400, ['params:/studySiteId']);
    expectProblem(await api.delete('/api/users/x/grants/y'), 400, ['params:/id', 'params:/grantId']);
  });

  it('a cursor that this list did not hand out is a 400 naming the cursor, never a 500', async () => {
    const { api } = await admin();
    const sponsor = await makeOrganization(t.database.db, 'sponsor');
    for (let i = 0; i < 3; i++) await makeStudy(t.database.db, { sponsorOrgId: sponsor.id, plannedFpiDate: `2027-0${i + 1}-01` });
    const good = (await api.get(`/api/studies?sponsorOrgId=${sponsor.id}&limit=1&sort=plannedFpiDate`)).json();
    expect(good.nextCursor).toEqual(expect.any(String));
    const next = await api.get(`/api/studies?sponsorOrgId=${sponsor.id}&limit=1&sort=plannedFpiDate&cursor=${good.nextCursor}`);
    expect(next.statusCode).toBe(200);

    const bad = [
      'not-base64!!',
      cursorOf({ value: 'x', id: 'y' }),
      cursorOf(['x']),
      cursorOf([{ nested: true }, '00000000-0000-4000-8000-000000000000']),
      cursorOf(['Alpha', 'not-a-uuid']),
      cursorOf(['Alpha', 42]),
      'c'.repeat(501),
    ];
    for (const cursor of bad) {
      for (const list of ['/api/studies?sort=shortName', '/api/sites?sort=name', '/api/organizations?sort=name', '/api/users?sort=email']) {
        expectProblem(await api.get(`${list}&cursor=${encodeURIComponent(cursor)}`), 400, ['querystring:/cursor']);
      }
    }
    // A well-formed cursor whose value does not fit the sort (a name where a date belongs).
    const wrongKind = cursorOf(['Alpha', '00000000-0000-4000-8000-000000000000']);
    expectProblem(await api.get(`/api/studies?sort=plannedFpiDate&cursor=${wrongKind}`), 400, ['querystring:/cursor']);
    expectProblem(await api.get(`/api/study-sites?sort=activationDate&cursor=${wrongKind}`), 400, ['querystring:/cursor']);
    expectProblem(await api.get(`/api/studies?sort=plannedFpiDate&cursor=${cursorOf([12, '00000000-0000-4000-8000-000000000000'])}`), 400, [
      'querystring:/cursor',
    ]);
  });
});

describe('errors never leak internals', () => {
  it('an unexpected failure answers a plain 500 problem with the request id, and no message or stack', async () => {
    const boom = await buildApp({
      database: t.database,
      now: t.clock.now,
      modules: [
        ...domainModules({ secureCookies: false }),
        {
          name: 'test-failures',
          routes: [
            (app) => {
              app.get('/api/test-failure', { config: { permission: 'public' } }, async () => {
                throw new Error('relation "secret_table" does not exist at /work/main/src/secret.ts:12:3');
              });
              app.get('/api/test-db-failure', { config: { permission: 'public' } }, async () => {
                await sql`select * from no_such_table_anywhere`.execute(t.database.db);
                return {};
              });
            },
          ],
        },
      ],
    });
    try {
      for (const url of ['/api/test-failure', '/api/test-db-failure']) {
        const response = await boom.inject({ method: 'GET', url });
        const body = expectProblem(response, 500);
        expect(body.requestId).toBe(response.headers['x-request-id']);
        expect(response.body).not.toMatch(/secret|no_such_table/);
      }
    } finally {
      await boom.close();
    }
  });

  it('an unknown /api path is a 404 problem, whoever asks', async () => {
    const { api } = await admin();
    for (const call of [api, client(t.app)]) expectProblem(await call.get('/api/nothing-here'), 404);
  });
});
