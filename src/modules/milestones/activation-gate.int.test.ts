import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, makeStudy, makeStudySite, makeTenant, makeUser, type Tenant } from '../../../test/support/factories.js';
import { makeDefaultMilestones, recordMilestone } from '../../../test/support/milestone-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { localDate } from '../../platform/dates.js';

let t: TestApp;
let a: Tenant;
let manager: Client;
let managerB: Client;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  a = await makeTenant(db);
  const b = await makeTenant(db);
  manager = client(
    t.app,
    (await makeUser(db, a.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id }])).cookie,
  );
  managerB = client(
    t.app,
    (await makeUser(db, b.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: b.sponsor.id }])).cookie,
  );
  await makeDefaultMilestones(db, a.study.id);
});
afterAll(() => t.close());

const required = ['site_selected', 'contract_executed', 'irb_approval', 'essential_documents_complete', 'site_initiation_visit'];

async function startUpSite(studyId = a.study.id) {
  return makeStudySite(t.database.db, studyId, (await makeSite(t.database.db)).id, { status: 'start_up' });
}

function activate(studySite: { studyId: string; id: string; version: number }, body: Record<string, unknown>) {
  return manager.patch(
    `/api/studies/${studySite.studyId}/sites/${studySite.id}`,
    { status: 'active', ...body },
    {
      'if-match': `"${studySite.version}"`,
    },
  );
}

async function statusChange(studySiteId: string) {
  const items = (await manager.get(`/api/audit?entityType=study_site&entityId=${studySiteId}`)).json().items;
  return items.find((e: { action: string }) => e.action === 'status_change');
}

describe('the activation gate', () => {
  it('refuses activation while a required milestone is open, naming each one', async () => {
    const studySite = await startUpSite();
    await recordMilestone(t.database.db, { studyId: a.study.id, studySiteId: studySite.id }, 'site_selected', { actualDate: '2025-01-10' });
    const refused = await activate(studySite, { reason: 'Greenlight' });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const errors = refused.json().errors;
    expect(errors.map((e: { pointer: string }) => e.pointer)).toEqual(Array(4).fill('/status'));
    expect(errors.map((e: { detail: string }) => e.detail.match(/\((\w+)\) has no actual date/)?.[1])).toEqual(required.slice(1));
    expect(errors[1].detail).toContain('Ethics / IRB approval');
    const unchanged = (await manager.get(`/api/studies/${a.study.id}/sites/${studySite.id}`)).json();
    expect(unchanged).toMatchObject({ status: 'start_up', version: studySite.version });
    expect(await statusChange(studySite.id)).toBeUndefined();
  });

  it('allows it with an override and a reason, and the audit row shows the override', async () => {
    const studySite = await startUpSite();
    const noReason = await activate(studySite, { overrideMilestones: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].pointer).toBe('/reason');
    const allowed = await activate(studySite, { overrideMilestones: true, reason: 'Sponsor greenlight ahead of the SIV report' });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().status).toBe('active');
    const row = await statusChange(studySite.id);
    expect(row.reason).toBe('Sponsor greenlight ahead of the SIV report');
    expect(row.changes).toContainEqual({ field: 'status', old: 'start_up', new: 'active' });
    expect(row.changes).toContainEqual({ field: 'milestoneOverride', old: null, new: required });
  });

  it('allows it without an override once every required milestone is done', async () => {
    const studySite = await startUpSite();
    const ids = { studyId: a.study.id, studySiteId: studySite.id };
    const dates = ['2025-01-10', '2025-03-01', '2025-02-20', '2025-03-10', '2025-03-20'];
    for (const [index, code] of required.entries()) await recordMilestone(t.database.db, ids, code, { actualDate: dates[index] });
    const view = (await manager.get(`/api/studies/${a.study.id}/sites/${studySite.id}/milestones`)).json();
    expect(view.openRequiredForActivation).toEqual([]);
    const allowed = await activate(studySite, { reason: 'All start-up milestones met' });
    expect(allowed.statusCode).toBe(200);
    const row = await statusChange(studySite.id);
    expect(row.changes.map((c: { field: string }) => c.field)).not.toContain('milestoneOverride');
  });

  it('keeps no gate for a study without a milestone template', async () => {
    const study = await makeStudy(t.database.db, { sponsorOrgId: a.sponsor.id });
    const studySite = await startUpSite(study.id);
    expect((await activate(studySite, { reason: 'Greenlight' })).statusCode).toBe(200);
  });

  it("dates an activation given no date on the site's day, not on the UTC day", async () => {
    // Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart: at any moment at least one
    // of them is on another day than UTC, so a UTC date would fail here whenever this runs.
    const study = await makeStudy(t.database.db, { sponsorOrgId: a.sponsor.id });
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const site = await makeSite(t.database.db, { timeZone, country: 'KI', city: 'Somewhere' });
      const studySite = await makeStudySite(t.database.db, study.id, site.id, { status: 'start_up' });
      const before = t.clock.now();
      const activated = await activate(studySite, { reason: 'Greenlight' });
      expect(activated.statusCode).toBe(200);
      // Either side of the request, for a run that crosses midnight at the site.
      expect([localDate(before, timeZone), localDate(t.clock.now(), timeZone)]).toContain(activated.json().activationDate);
    }
  });
});

describe('cycle times', () => {
  /**
   * The worked example (selection → activation, days):
   *   study X, site 1 (US): 2025-01-10 → activation milestone 2025-04-20 = 100
   *   study X, site 2 (US): 2025-02-01 → activation date 2025-05-02 (no milestone) = 90
   *   study X, site 3 (DE): 2025-01-15 → activation milestone 2025-07-14 = 180
   *   study X, site 4 (DE): selected 2025-03-01, still in start-up: not counted
   *   study Y, site 1 (US): 2025-06-01 → activation milestone 2025-07-01 = 30
   * Study X: median 100, mean 370 / 3 = 123.3. US in X: 90 and 100 → median 95. Site 1
   * across both studies: 100 and 30 → median 65.
   */
  let c: Tenant;
  let sponsorManager: Client;
  let studyY: Awaited<ReturnType<typeof makeStudy>>;

  beforeAll(async () => {
    const db = t.database.db;
    c = await makeTenant(db);
    sponsorManager = client(
      t.app,
      (await makeUser(db, c.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: c.sponsor.id }])).cookie,
    );
    studyY = await makeStudy(db, { sponsorOrgId: c.sponsor.id, shortName: 'Study Y' });
    await makeDefaultMilestones(db, c.study.id);
    await makeDefaultMilestones(db, studyY.id);
    const de = () => makeSite(db, { country: 'DE', timeZone: 'Europe/Berlin', city: 'Berlin' });
    const record = async (studyId: string, studySiteId: string, selected: string, activated?: string) => {
      await recordMilestone(db, { studyId, studySiteId }, 'site_selected', { actualDate: selected });
      if (activated) await recordMilestone(db, { studyId, studySiteId }, 'activation', { actualDate: activated });
    };
    const active = (activationDate: string) => ({ status: 'active' as const, activationDate });
    await record(c.study.id, c.studySite.id, '2025-01-10', '2025-04-20');
    await t.database.db
      .updateTable('study_sites')
      .set({ status: 'active', activation_date: '2025-04-21' })
      .where('id', '=', c.studySite.id)
      .execute();
    const site2 = await makeStudySite(db, c.study.id, (await makeSite(db)).id, active('2025-05-02'));
    await record(c.study.id, site2.id, '2025-02-01');
    const site3 = await makeStudySite(db, c.study.id, (await de()).id, active('2025-07-15'));
    await record(c.study.id, site3.id, '2025-01-15', '2025-07-14');
    const site4 = await makeStudySite(db, c.study.id, (await de()).id, { status: 'start_up' });
    await record(c.study.id, site4.id, '2025-03-01');
    const again = await makeStudySite(db, studyY.id, c.site.id, active('2025-07-01'));
    await record(studyY.id, again.id, '2025-06-01', '2025-07-01');
  });

  it("gives a study's median and mean, and by country", async () => {
    const study = (await sponsorManager.get(`/api/studies/${c.study.id}/cycle-times`)).json();
    expect(study.groups).toEqual([
      { key: c.study.id, label: c.study.shortName, count: 3, medianDays: 100, meanDays: 123.3, minDays: 90, maxDays: 180 },
    ]);
    const byCountry = (await sponsorManager.get(`/api/studies/${c.study.id}/cycle-times?groupBy=country`)).json();
    expect(byCountry.groups).toEqual([
      { key: 'DE', label: 'DE', count: 1, medianDays: 180, meanDays: 180, minDays: 180, maxDays: 180 },
      { key: 'US', label: 'US', count: 2, medianDays: 95, meanDays: 95, minDays: 90, maxDays: 100 },
    ]);
  });

  it('groups across the studies the caller sees, by site and by study', async () => {
    const bySite = (await sponsorManager.get('/api/startup/cycle-times?groupBy=site')).json();
    expect(bySite.groups.find((g: { key: string }) => g.key === c.site.id)).toMatchObject({ count: 2, medianDays: 65, meanDays: 65 });
    const byStudy = (await sponsorManager.get('/api/startup/cycle-times?groupBy=study')).json();
    expect(byStudy.groups.map((g: { key: string; medianDays: number }) => [g.key, g.medianDays])).toEqual([
      [c.study.id, 100],
      [studyY.id, 30],
    ]);
    const other = (await managerB.get('/api/startup/cycle-times?groupBy=study')).json();
    expect(other.groups.map((g: { key: string }) => g.key)).not.toContain(c.study.id);
    expect((await managerB.get(`/api/studies/${c.study.id}/cycle-times`)).statusCode).toBe(404);
    expect((await manager.get(`/api/studies/${c.study.id}/startup-board`)).statusCode).toBe(404);
  });
});
