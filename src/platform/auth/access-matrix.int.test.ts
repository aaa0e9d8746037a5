import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessWorld, type ActorName, actors, expectRow, makeAccessWorld } from '../../../test/support/access-actors.js';
import { makeSite, makeStudy, makeStudySite, makeUser, type Tenant } from '../../../test/support/factories.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';

/**
 * The role × action × scope matrix: who may read and change what in one sponsor's world
 * (tenant A), seen from users of that world, of another sponsor (tenant B) and the platform.
 * A record outside a user's scope answers 404 and is absent from lists; a record in scope
 * that the role may not change answers 403. The study's set-up is in study-set-up-access.int.test.ts.
 */
let t: TestApp;
let world: AccessWorld;
let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeAccessWorld(t);
  ({ a, b } = world);
});
afterAll(() => t.close());

const as = (name: ActorName) => world.as(name);
const readersOfA: ActorName[] = ['admin', 'managerA', 'craA', 'coordinatorA', 'smoLeadA', 'investigatorA', 'auditorA'];

describe('reading tenant A', () => {
  const readExpectation = expectRow({
    admin: 200,
    managerA: 200,
    managerB: 404,
    craA: 200,
    coordinatorA: 200,
    smoLeadA: 200,
    investigatorA: 200,
    auditorA: 200,
    noGrants: 403,
  });

  it.each(readExpectation)('%s reading the study answers %i', async (actor, status) => {
    expect((await as(actor).get(`/api/studies/${a.study.id}`)).statusCode).toBe(status);
  });

  it.each(readExpectation)('%s reading the site answers %i', async (actor, status) => {
    expect((await as(actor).get(`/api/sites/${a.site.id}`)).statusCode).toBe(status);
  });

  it.each(readExpectation)('%s reading the study-site answers %i', async (actor, status) => {
    expect((await as(actor).get(`/api/studies/${a.study.id}/sites/${a.studySite.id}`)).statusCode).toBe(status);
  });

  it.each(readExpectation)("%s reading the study's history answers %i", async (actor, status) => {
    expect((await as(actor).get(`/api/audit?entityType=study&entityId=${a.study.id}`)).statusCode).toBe(status);
  });

  it.each(
    expectRow({
      admin: 200,
      managerA: 200,
      managerB: 404,
      craA: 200,
      coordinatorA: 200,
      smoLeadA: 200,
      investigatorA: 200,
      auditorA: 200,
      noGrants: 403,
    }),
  )('%s reading the sponsor organization answers %i', async (actor, status) => {
    expect((await as(actor).get(`/api/organizations/${a.sponsor.id}`)).statusCode).toBe(status);
  });

  it.each(actors.filter((actor) => actor !== 'noGrants'))('%s sees tenant A in lists exactly when it may read it', async (actor) => {
    const visible = readersOfA.includes(actor);
    const studies = (await as(actor).get('/api/studies?limit=200')).json().items.map((s: { id: string }) => s.id);
    const sites = (await as(actor).get('/api/sites?limit=200')).json().items.map((s: { id: string }) => s.id);
    const studySites = (await as(actor).get('/api/study-sites?limit=200')).json().items.map((s: { id: string }) => s.id);
    const organizations = (await as(actor).get(`/api/organizations?limit=200&q=${encodeURIComponent(a.sponsor.name)}`))
      .json()
      .items.map((o: { id: string }) => o.id);
    expect(studies.includes(a.study.id)).toBe(visible);
    expect(sites.includes(a.site.id)).toBe(visible);
    expect(studySites.includes(a.studySite.id)).toBe(visible);
    expect(organizations.includes(a.sponsor.id)).toBe(visible);
  });

  it('a user of sponsor B sees only B in every list', async () => {
    const api = as('managerB');
    const studies = (await api.get('/api/studies?limit=200')).json().items;
    expect(studies.map((s: { id: string }) => s.id)).toEqual([b.study.id]);
    const studySites = (await api.get(`/api/studies/${a.study.id}/sites`)).statusCode;
    expect(studySites).toBe(404);
    const search = (await api.get(`/api/studies?q=${encodeURIComponent(a.study.protocolNumber)}`)).json().items;
    expect(search).toEqual([]);
  });

  it("a site user sees only its own study-site of a study, not the study's other sites", async () => {
    const otherSite = await makeSite(t.database.db);
    const other = await makeStudySite(t.database.db, a.study.id, otherSite.id);
    const list = (await as('coordinatorA').get(`/api/studies/${a.study.id}/sites`)).json().items.map((s: { id: string }) => s.id);
    expect(list).toEqual([a.studySite.id]);
    expect((await as('coordinatorA').get(`/api/studies/${a.study.id}/sites/${other.id}`)).statusCode).toBe(404);
    expect((await as('managerA').get(`/api/studies/${a.study.id}/sites/${other.id}`)).statusCode).toBe(200);
  });
});

describe('changing tenant A', () => {
  async function etag(url: string) {
    const read = await as('admin').get(url);
    return { 'if-match': read.headers.etag as string };
  }

  it.each(
    expectRow({
      admin: 200,
      managerA: 200,
      managerB: 404,
      craA: 403,
      coordinatorA: 403,
      smoLeadA: 403,
      investigatorA: 403,
      auditorA: 403,
      noGrants: 403,
    }),
  )('%s updating the study answers %i', async (actor, status) => {
    const url = `/api/studies/${a.study.id}`;
    const response = await as(actor).patch(url, { indication: `changed by ${actor}` }, await etag(url));
    expect(response.statusCode).toBe(status);
  });

  it.each(
    expectRow({
      admin: 200,
      managerA: 200,
      managerB: 404,
      craA: 403,
      coordinatorA: 403,
      smoLeadA: 200,
      investigatorA: 403,
      auditorA: 403,
      noGrants: 403,
    }),
  )('%s updating the study-site answers %i', async (actor, status) => {
    const url = `/api/studies/${a.study.id}/sites/${a.studySite.id}`;
    const response = await as(actor).patch(url, { targetEnrollment: 10 + actors.indexOf(actor), reason: 'Re-forecast' }, await etag(url));
    expect(response.statusCode).toBe(status);
  });

  it.each(
    expectRow({
      admin: 200,
      managerA: 403,
      managerB: 404,
      craA: 403,
      coordinatorA: 403,
      smoLeadA: 403,
      investigatorA: 403,
      auditorA: 403,
      noGrants: 403,
    }),
  )('%s updating the site answers %i', async (actor, status) => {
    const url = `/api/sites/${a.site.id}`;
    const response = await as(actor).patch(url, { principalInvestigator: `Dr. ${actor}` }, await etag(url));
    expect(response.statusCode).toBe(status);
  });

  it.each(
    expectRow({
      admin: 201,
      managerA: 201,
      managerB: 404,
      craA: 403,
      coordinatorA: 403,
      smoLeadA: 403,
      investigatorA: 403,
      auditorA: 403,
      noGrants: 403,
    }),
  )('%s adding a site to the study answers %i', async (actor, status) => {
    // A site that sponsor A already works with (it runs A's other study), so A can see it.
    const site = await makeSite(t.database.db);
    const otherStudy = await makeStudy(t.database.db, { sponsorOrgId: a.sponsor.id });
    await makeStudySite(t.database.db, otherStudy.id, site.id);
    const response = await as(actor).post(`/api/studies/${a.study.id}/sites`, { siteId: site.id, siteNumber: `N-${actor}` });
    expect(response.statusCode).toBe(status);
  });

  it.each(
    // Sponsor B's manager cannot see sponsor A: the sponsor field is refused (400) before any permission check.
    expectRow({
      admin: 201,
      managerA: 201,
      managerB: 400,
      craA: 403,
      coordinatorA: 403,
      smoLeadA: 403,
      investigatorA: 403,
      auditorA: 403,
      noGrants: 403,
    }),
  )('%s creating a study for sponsor A answers %i', async (actor, status) => {
    const response = await as(actor).post('/api/studies', {
      sponsorOrgId: a.sponsor.id,
      protocolNumber: `NEW-${actor}`,
      title: 'New study',
      shortName: 'NEW',
      phase: 'phase_1',
    });
    expect(response.statusCode).toBe(status);
  });

  it.each(
    expectRow({
      admin: 201,
      managerA: 403,
      managerB: 403,
      craA: 403,
      coordinatorA: 403,
      smoLeadA: 403,
      investigatorA: 403,
      auditorA: 403,
      noGrants: 403,
    }),
  )('%s creating an organization answers %i', async (actor, status) => {
    const response = await as(actor).post('/api/organizations', { name: `Org by ${actor} ${Date.now()}`, kind: 'site' });
    expect(response.statusCode).toBe(status);
  });

  it.each(
    // Sponsor B's manager cannot see A's site organization: the field is refused (400) before any permission check.
    expectRow({
      admin: 201,
      managerA: 403,
      managerB: 400,
      craA: 403,
      coordinatorA: 403,
      smoLeadA: 403,
      investigatorA: 403,
      auditorA: 403,
      noGrants: 403,
    }),
  )('%s creating a site answers %i', async (actor, status) => {
    const response = await as(actor).post('/api/sites', {
      organizationId: a.siteOrg.id,
      name: `Annex by ${actor}`,
      country: 'US',
      timeZone: 'America/New_York',
    });
    expect(response.statusCode).toBe(status);
  });

  it.each(
    expectRow({
      admin: 200,
      managerA: 403,
      managerB: 403,
      craA: 403,
      coordinatorA: 403,
      smoLeadA: 403,
      investigatorA: 403,
      auditorA: 403,
      noGrants: 403,
    }),
  )('%s listing users answers %i', async (actor, status) => {
    expect((await as(actor).get('/api/users')).statusCode).toBe(status);
  });

  it.each(
    expectRow({
      admin: 201,
      managerA: 403,
      managerB: 403,
      craA: 403,
      coordinatorA: 403,
      smoLeadA: 403,
      investigatorA: 403,
      auditorA: 403,
      noGrants: 403,
    }),
  )('%s granting a role answers %i', async (actor, status) => {
    const target = await makeUser(t.database.db, a.sponsor.id, []);
    const response = await as(actor).post(`/api/users/${target.user.id}/grants`, { role: 'cra', scopeType: 'study', scopeId: a.study.id });
    expect(response.statusCode).toBe(status);
  });
});
