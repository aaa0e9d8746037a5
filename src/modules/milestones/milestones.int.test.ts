// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, makeStudySite, makeTenant, makeUser, type Tenant } from '../../../test/support/factories.js';
import { makeDefaultMilestones, makeMilestone, recordMilestone } from '../../../test/support/milestone-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { addDays, localDate } from '../../platform/dates.js';

let t: TestApp;
let a: Tenant;
let manager: Client;
let coordinator: Client;
let managerB: Client;

let b: Tenant;

/** Sessions idle out when the test clock jumps days ahead: log in again at the clock's time. */
async function logIn() {
  const db = t.database.db;
  const login = async (orgId: string, grant: Parameters<typeof makeUser>[2][number]) =>
    client(t.app, (await makeUser(db, orgId, [grant], t.clock.now())).cookie);
  manager = await login(a.sponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id });
  coordinator = await login(a.siteOrg.id, { role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id });
  managerB = await login(b.sponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: b.sponsor.id });
}

beforeAll(async () => {
  t = await createTestApp();
  a = await makeTenant(t.database.db);
  b = await makeTenant(t.database.db);
  await logIn();
});
afterAll(() => t.close());

/** The factories' sites are in America/Chicago: statuses and the future are the site's dates. */
const day = (offset: number) => addDays(localDate(t.clock.now(), 'America/Chicago'), offset);
const DAY = 24 * 60 * 60 * 1000;
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

async function history(entityType: string, entityId: string, api = manager) {
  const response = await api.get(`/api/audit?entityType=${entityType}&entityId=${entityId}`);
  return { status: response.statusCode, items: response.statusCode === 200 ? response.json().items : [] };
}

describe('the template', () => {
  it('takes milestones with dependencies and refuses a cycle, unknown codes and duplicates', async () => {
    const study = (await makeTenant(t.database.db)).study;
    const base = `/api/studies/${study.id}/milestones`;
    const admin = client(
      t.app,
      (await makeUser(t.database.db, a.sponsor.id, [{ role: 'platform_admin', scopeType: 'platform' }], t.clock.now())).cookie,
    );
    const first = await admin.post(base, { code: 'first', name: 'First', typicalDurationDays: 5 });
    expect(first.statusCode).toBe(201);
    expect(first.headers.etag).toBe('"1"');
    const second = await admin.post(base, { code: 'second', name: 'Second', dependsOn: ['first'] });
    const third = await admin.post(base, { code: 'third', name: 'Third', dependsOn: ['second'], requiredForActivation: true });
    expect(third.json()).toMatchObject({ sequence: 30, dependsOn: ['second'], requiredForActivation: true });

    const cycle = await admin.patch(`${base}/${first.json().id}`, { dependsOn: ['third'] }, ifMatch(1));
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors[0]).toMatchObject({ pointer: '/dependsOn' });
    expect(cycle.json().errors[0].detail).toContain('first → third → second → first');
    const self = await admin.patch(`${base}/${first.json().id}`, { dependsOn: ['first'] }, ifMatch(1));
    expect(self.json().errors[0].pointer).toBe('/dependsOn');
    const unknown = await admin.post(base, { code: 'fourth', name: 'Fourth', dependsOn: ['nowhere'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ pointer: '/dependsOn' });
    const duplicate = await admin.post(base, { code: 'second', name: 'Again' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].pointer).toBe('/code');

    const renamed = await admin.patch(`${base}/${second.json().id}`, { name: 'Second step', reason: 'Clearer' }, ifMatch(1));
    expect(renamed.statusCode).toBe(200);
    expect((await admin.patch(`${base}/${second.json().id}`, { name: 'Stale' }, ifMatch(1))).statusCode).toBe(412);
    const list = (await admin.get(base)).json().items.map((i: { code: string }) => i.code);
    expect(list).toEqual(['first', 'second', 'third']);
    const trail = await history('milestone_template', second.json().id, admin);
    expect(trail.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
    expect(trail.items[1]).toMatchObject({ reason: 'Clearer', changes: [{ field: 'name', old: 'Second', new: 'Second step' }] });
  });

  it('lets the study manager edit it, not a site coordinator or another sponsor', async () => {
    const base = `/api/studies/${a.study.id}/milestones`;
    expect((await coordinator.post(base, { code: 'x', name: 'X' })).statusCode).toBe(403);
    expect((await managerB.post(base, { code: 'x', name: 'X' })).statusCode).toBe(404);
    expect((await managerB.get(base)).statusCode).toBe(404);
    const defaults = await manager.post(`${base}/defaults`);
    expect(defaults.statusCode).toBe(201);
    expect(defaults.json().items.map((i: { code: string }) => i.code)).toEqual([
      'cda_signed',
      'feasibility_complete',
      'site_selected',
      'budget_agreed',
      'contract_executed',
      'irb_approval',
      'essential_documents_complete',
      'site_initiation_visit',
      'activation',
    ]);
    expect((await manager.post(`${base}/defaults`)).statusCode).toBe(409);
    expect((await coordinator.get(base)).statusCode).toBe(200);
  });

  it("keeps the template and its activation gate from the monitor, who records the site's initiation visit", async () => {
    const world = await makeTenant(t.database.db);
    const siv = (await makeDefaultMilestones(t.database.db, world.study.id)).find((m) => m.code === 'site_initiation_visit');
    if (!siv) throw new Error('The default template has a site initiation visit.');
    const grant = { role: 'cra', scopeType: 'organization', scopeId: world.cro.id } as const;
    const monitor = client(t.app, (await makeUser(t.database.db, world.cro.id, [grant], t.clock.now())).cookie);
    const base = `/api/studies/${world.study.id}/milestones`;
    expect((await monitor.post(base, { code: 'x', name: 'X' })).statusCode).toBe(403);
    expect((await monitor.patch(`${base}/${siv.id}`, { requiredForActivation: false }, ifMatch(siv.version))).statusCode).toBe(403);
    expect((await monitor.delete(`${base}/${siv.id}?reason=No`, ifMatch(siv.version))).statusCode).toBe(403);
    expect((await monitor.get(`${base}/${siv.id}`)).json()).toMatchObject({ requiredForActivation: true, version: siv.version });
    const visit = `/api/studies/${world.study.id}/sites/${world.studySite.id}/milestones/${siv.id}`;
    expect((await monitor.patch(visit, { plannedDate: day(30) }, ifMatch(0))).statusCode).toBe(200);
  });

  it('removes a milestone with a reason, refusing while others depend on it', async () => {
    const study = (await makeTenant(t.database.db)).study;
    const tenantManager = client(
      t.app,
      (
        await makeUser(
          t.database.db,
          study.sponsorOrgId,
          [{ role: 'study_manager', scopeType: 'organization', scopeId: study.sponsorOrgId }],
          t.clock.now(),
        )
      ).cookie,
    );
    const first = await makeMilestone(t.database.db, study.id, { code: 'first' });
    const second = await makeMilestone(t.database.db, study.id, { code: 'second', dependsOn: ['first'] });
    const url = (id: string) => `/api/studies/${study.id}/milestones/${id}`;
    const blocked = await tenantManager.delete(`${url(first.id)}?reason=Not+needed`, ifMatch(1));
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().detail).toContain('second');
    expect((await tenantManager.delete(url(second.id), ifMatch(1))).statusCode).toBe(400);
    expect((await tenantManager.delete(`${url(second.id)}?reason=Not+needed`, ifMatch(1))).statusCode).toBe(204);
    expect((await tenantManager.get(url(second.id))).statusCode).toBe(404);
    const trail = await history('milestone_template', second.id, tenantManager);
    expect(trail.items.map((e: { action: string }) => e.action)).toEqual(['create', 'delete']);
    expect(trail.items[1].reason).toBe('Not needed');
    expect((await history('milestone_template', second.id, managerB)).status).toBe(404);
  });
});

describe("a study-site's milestones", () => {
  const url = (studySiteId = a.studySite.id) => `/api/studies/${a.study.id}/sites/${studySiteId}/milestones`;
  const item = async (code: string, studySiteId = a.studySite.id) => {
    const view = (await manager.get(url(studySiteId))).json();
    return view.items.find((i: { code: string }) => i.code === code);
  };

  it('records planned and actual dates, audited, in dependency order and never in the future', async () => {
    const cda = await item('cda_signed');
    expect(cda).toMatchObject({ id: null, version: 0, status: 'open' });
    const planned = await coordinator.patch(`${url()}/${cda.milestoneId}`, { plannedDate: day(5) }, ifMatch(0));
    expect(planned.statusCode).toBe(200);
    expect(planned.json()).toMatchObject({ plannedDate: day(5), version: 1, status: 'open' });
    expect((await coordinator.patch(`${url()}/${cda.milestoneId}`, { plannedDate: day(6) }, ifMatch(0))).statusCode).toBe(412);

    const future = await coordinator.patch(`${url()}/${cda.milestoneId}`, { actualDate: day(1) }, ifMatch(1));
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ pointer: '/actualDate' });
    const done = await coordinator.patch(`${url()}/${cda.milestoneId}`, { actualDate: day(-20), reason: 'Signed copy filed' }, ifMatch(1));
    expect(done.json()).toMatchObject({ status: 'done', actualDate: day(-20), projectedDate: day(-20), version: 2 });

    const feasibility = await item('feasibility_complete');
    const early = await manager.patch(`${url()}/${feasibility.milestoneId}`, { actualDate: day(-25) }, ifMatch(0));
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].detail).toContain('cda_signed');
    expect((await manager.patch(`${url()}/${feasibility.milestoneId}`, { actualDate: day(-10) }, ifMatch(0))).statusCode).toBe(200);
    // Moving the dependency after what depends on it is refused the same way.
    const late = await manager.patch(`${url()}/${cda.milestoneId}`, { actualDate: day(-5) }, ifMatch(2));
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0].detail).toContain('feasibility_complete');

    const trail = await history('study_site_milestone', done.json().id);
    expect(trail.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
    expect(trail.items[0].changes).toEqual([
      { field: 'studySiteId', old: null, new: a.studySite.id },
      { field: 'code', old: null, new: 'cda_signed' },
      { field: 'plannedDate', old: null, new: day(5) },
    ]);
    expect(trail.items[1]).toMatchObject({ reason: 'Signed copy filed', changes: [{ field: 'actualDate', old: null, new: day(-20) }] });
    expect((await history('study_site_milestone', done.json().id, managerB)).status).toBe(404);
    expect((await managerB.get(url())).statusCode).toBe(404);
    expect((await managerB.patch(`${url()}/${cda.milestoneId}`, { note: 'x' }, ifMatch(2))).statusCode).toBe(404);
  });

  it('shows late and blocked items as the clock moves, and projects activation', async () => {
    const site = await makeSite(t.database.db);
    const studySite = await makeStudySite(t.database.db, a.study.id, site.id, { status: 'start_up' });
    const ids = { studyId: a.study.id, studySiteId: studySite.id };
    await recordMilestone(t.database.db, ids, 'cda_signed', { actualDate: day(-40) }, t.clock.now);
    await recordMilestone(t.database.db, ids, 'feasibility_complete', { actualDate: day(-20) }, t.clock.now);
    await recordMilestone(t.database.db, ids, 'site_selected', { actualDate: day(-10) }, t.clock.now);
    await recordMilestone(t.database.db, ids, 'contract_executed', { plannedDate: day(3) }, t.clock.now);

    let view = (await manager.get(url(studySite.id))).json();
    const status = (v: { items: { code: string; status: string }[] }) => Object.fromEntries(v.items.map((i) => [i.code, i.status]));
    expect(status(view)).toMatchObject({
      site_selected: 'done',
      budget_agreed: 'open',
      contract_executed: 'blocked',
      irb_approval: 'open',
    });
    // budget +45 from selection (day 35), contract +30 (65); IRB +60 (50); documents after both +14 (79); SIV +14 (93); activation +7.
    expect(view.items.find((i: { code: string }) => i.code === 'essential_documents_complete').projectedDate).toBe(day(79));
    expect(view.projectedActivationDate).toBe(day(100));
    expect(view.openRequiredForActivation).toEqual([
      'contract_executed',
      'irb_approval',
      'essential_documents_complete',
      'site_initiation_visit',
    ]);

    t.clock.advance(5 * DAY);
    await logIn();
    view = (await manager.get(url(studySite.id))).json();
    expect(status(view)).toMatchObject({ contract_executed: 'late' });
    expect(view.items.find((i: { code: string }) => i.code === 'contract_executed').blockedBy).toEqual(['budget_agreed']);
    // Five days on, the chain still counts from the selection date: nothing moved.
    expect(view.projectedActivationDate).toBe(day(95));

    const board = await manager.get(`/api/studies/${a.study.id}/startup-board`);
    expect(board.statusCode).toBe(200);
    const row = board.json().rows.find((r: { studySiteId: string }) => r.studySiteId === studySite.id);
    expect(row).toMatchObject({ siteNumber: studySite.siteNumber, siteName: site.name, country: 'US', status: 'start_up', lateCount: 1 });
    expect(row.projectedActivationDate).toBe(day(95));
    expect(row.cells.map((c: { code: string }) => c.code)).toEqual(board.json().milestones.map((m: { code: string }) => m.code));
    expect(row.cells.find((c: { code: string }) => c.code === 'contract_executed')).toMatchObject({ plannedDate: day(-2), status: 'late' });
    expect(board.json().milestones.find((m: { code: string }) => m.code === 'contract_executed').lateCount).toBeGreaterThanOrEqual(1);
  });

  it('projects nothing for a closed site, on the board and in its own view, and counts none of its milestones late or still required', async () => {
    const site = await makeSite(t.database.db);
    const studySite = await makeStudySite(t.database.db, a.study.id, site.id, { status: 'closed' });
    const ids = { studyId: a.study.id, studySiteId: studySite.id };
    await recordMilestone(t.database.db, ids, 'cda_signed', { actualDate: day(-40) }, t.clock.now);
    await recordMilestone(t.database.db, ids, 'feasibility_complete', { plannedDate: day(-30) }, t.clock.now);
    type Dated = { code: string; status: string; actualDate: string | null; projectedDate: string | null };
    const board = (await manager.get(`/api/studies/${a.study.id}/startup-board`)).json();
    const row = board.rows.find((r: { studySiteId: string }) => r.studySiteId === studySite.id);
    expect(row).toMatchObject({ status: 'closed', projectedActivationDate: null, openRequiredForActivation: [], lateCount: 0 });
    expect(row.cells.find((c: Dated) => c.code === 'cda_signed')).toMatchObject({
      status: 'done',
      actualDate: day(-40),
      projectedDate: day(-40),
    });
    expect(row.cells.some((c: Dated) => c.status === 'late')).toBe(false);
    // Only what was done carries a date: every other milestone has no projection.
    expect(row.cells.filter((c: Dated) => c.projectedDate !== null).map((c: Dated) => c.code)).toEqual(['cda_signed']);

    const view = await manager.get(url(studySite.id));
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ projectedActivationDate: null, openRequiredForActivation: [] });
    const items = view.json().items as Dated[];
    expect(items.find((i) => i.code === 'cda_signed')).toMatchObject({ status: 'done', projectedDate: day(-40) });
    expect(items.find((i) => i.code === 'feasibility_complete')).toMatchObject({
      status: 'open',
      plannedDate: day(-30),
      projectedDate: null,
    });
    expect(items.filter((i) => i.projectedDate !== null).map((i) => i.code)).toEqual(['cda_signed']);
    expect(items.some((i) => i.status === 'late')).toBe(false);
  });

  it('describes cycle times in words, without internal milestone codes', async () => {
    const times = (await manager.get(`/api/studies/${a.study.id}/cycle-times?groupBy=country`)).json();
    expect(times.description).toContain('"Site selected"');
    expect(times.description).not.toMatch(/[a-z]+_[a-z]+/);
  });

  it('shows a site user only its own row of the board, and another sponsor nothing', async () => {
    const rows = (await coordinator.get(`/api/studies/${a.study.id}/startup-board`)).json().rows;
    expect(rows.map((r: { studySiteId: string }) => r.studySiteId)).toEqual([a.studySite.id]);
    expect((await manager.get(`/api/studies/${a.study.id}/startup-board`)).json().rows.length).toBeGreaterThanOrEqual(2);
    expect((await managerB.get(`/api/studies/${a.study.id}/startup-board`)).statusCode).toBe(404);
  });
});
