// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DelegationWorld, makeDelegationWorld } from '../../../test/support/delegation-factories.js';
import { makeSite, makeStudySite, makeTenant, makeUser, testPassword } from '../../../test/support/factories.js';
import { makeStaffMember } from '../../../test/support/start-up-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { localDate } from '../../platform/dates.js';

let t: TestApp;
let w: DelegationWorld;
let pi: Client;
let coordinator: Client;
let manager: Client;
let monitor: Client;
let stranger: Client;
let log: string;

beforeAll(async () => {
  t = await createTestApp();
  const { db } = t.database;
  w = await makeDelegationWorld(db, t.clock.now());
  pi = client(t.app, w.piUser.cookie);
  coordinator = client(t.app, w.coordinator.cookie);
  manager = client(
    t.app,
    (await makeUser(db, w.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: w.sponsor.id }])).cookie,
  );
  monitor = client(t.app, (await makeUser(db, w.cro.id, [{ role: 'cra', scopeType: 'organization', scopeId: w.cro.id }])).cookie);
  const b = await makeTenant(db);
  stranger = client(
    t.app,
    (await makeUser(db, b.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: b.sponsor.id }])).cookie,
  );
  log = `/api/studies/${w.study.id}/sites/${w.studySite.id}/delegation`;
});
afterAll(() => t.close());

const delegate = (tasks: string[], personId = w.subI.personId) => coordinator.post(log, { personId, tasks, startDate: w.day(-10) });
const sign = (api: Client, entry: { id: string; version: number }, body: object) =>
  api.post(`${log}/${entry.id}/sign`, body, { 'if-match': `"${entry.version}"` });

describe("the study's task list", () => {
  it('is seeded with defaults once, and kept by study managers only', async () => {
    const tasks = `/api/studies/${w.study.id}/delegation-tasks`;
    const listed = (await coordinator.get(tasks)).json().items;
    expect(listed.find((task: { code: string }) => task.code === 'obtain_consent')).toMatchObject({
      label: 'Obtain informed consent',
      requiresLicence: false,
      requiredTraining: ['gcp', 'protocol'],
    });
    expect((await coordinator.post(`${tasks}/defaults`)).statusCode).toBe(403);
    expect((await manager.post(`${tasks}/defaults`)).json().items).toHaveLength(listed.length);
    const created = await manager.post(tasks, { code: 'ecg', label: 'Perform ECGs', requiredTraining: ['gcp', 'gcp'] });
    expect(created.json()).toMatchObject({ requiresLicence: false, requiredTraining: ['gcp'] });
    expect((await manager.post(tasks, { code: 'ecg', label: 'Again' })).statusCode).toBe(409);
    const renamed = await manager.patch(`${tasks}/${created.json().id}`, { label: 'Perform 12-lead ECGs' }, { 'if-match': '"1"' });
    expect(renamed.json()).toMatchObject({ label: 'Perform 12-lead ECGs', version: 2 });
    expect((await stranger.get(tasks)).statusCode).toBe(404);
  });

  it('keeps a task that an entry names', async () => {
    const tasks = `/api/studies/${w.study.id}/delegation-tasks`;
    const created = (await manager.post(tasks, { code: 'urine_tests', label: 'Urine pregnancy tests' })).json();
    const staff = await makeStaffMember(t.database.db, w.site.id, 'nurse');
    expect((await delegate(['urine_tests'], staff.personId)).statusCode).toBe(201);
    expect((await manager.delete(`${tasks}/${created.id}`)).statusCode).toBe(409);
  });
});

describe('entries and the PI signature', () => {
  it('adds an entry that is not valid until the PI signs it', async () => {
    const created = await delegate(['obtain_consent', 'assess_eligibility']);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      personName: 'Dr. Sami Subinvestigator',
      tasks: [
        { code: 'assess_eligibility', label: 'Assess eligibility' },
        { code: 'obtain_consent', label: 'Obtain informed consent' },
      ],
      valid: false,
      reasons: ['Not signed by the principal investigator.'],
      signatures: [],
    });
    const unknown = await delegate(['obtain_consent', 'fly_the_plane']);
    expect(unknown.json().errors).toEqual([{ pointer: '/tasks/1', detail: expect.stringContaining('fly_the_plane') }]);
    const outsider = await makeStaffMember(t.database.db, (await makeTenant(t.database.db)).site.id, 'nurse');
    expect((await delegate(['enter_data'], outsider.personId)).json().errors[0].pointer).toBe('/personId');
    expect((await monitor.post(log, { personId: w.subI.personId, tasks: ['enter_data'], startDate: w.today })).statusCode).toBe(403);
  });

  it('refuses a signature from anyone but the site PI, without the password, or with a wrong one (counted)', async () => {
    const entry = (await delegate(['enter_data'])).json();
    expect((await sign(coordinator, entry, { password: testPassword })).statusCode).toBe(403);
    const subIUser = await makeUser(
      t.database.db,
      w.siteOrg.id,
      [{ role: 'investigator', scopeType: 'site', scopeId: w.site.id }],
      t.clock.now(),
    );
    await t.database.db.updateTable('people').set({ user_id: subIUser.user.id }).where('id', '=', w.subI.personId).execute();
    const notPi = await sign(client(t.app, subIUser.cookie), entry, { password: testPassword });
    expect(notPi.statusCode).toBe(403);
    expect(notPi.json().detail).toContain('principal investigator');
    expect((await sign(pi, entry, {})).json().errors[0].pointer).toBe('/password');
    const wrong = await sign(pi, entry, { password: 'not my password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ pointer: '/password', detail: expect.stringContaining('not right') }]);
    const user = await t.database.db
      .selectFrom('users')
      .select('failed_login_count')
      .where('id', '=', w.piUser.user.id)
      .executeTakeFirstOrThrow();
    expect(user.failed_login_count).toBe(1);
    expect((await sign(pi, entry, { password: testPassword, meaning: 'review' })).statusCode).toBe(400);
    expect((await sign(pi, { ...entry, version: 9 }, { password: testPassword })).statusCode).toBe(412);

    const signed = await sign(pi, entry, { password: testPassword });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ valid: true, reasons: [] });
    expect(signed.json().signatures).toEqual([
      expect.objectContaining({ printedName: w.piUser.user.fullName, meaning: 'approval', valid: true, contentHash: entry.contentHash }),
    ]);
  });

  it('shows the signature as no longer matching once the entry changes, until the PI signs again', async () => {
    const entry = (await delegate(['obtain_consent'])).json();
    const signed = (await sign(pi, entry, { password: testPassword, meaning: 'responsibility' })).json();
    expect(signed.valid).toBe(true);
    const changed = await coordinator.patch(
      `${log}/${entry.id}`,
      { tasks: ['obtain_consent', 'assess_adverse_events'], reason: 'Now assesses AEs too' },
      { 'if-match': '"1"' },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json().signatures[0]).toMatchObject({ meaning: 'responsibility', valid: false });
    expect(changed.json().valid).toBe(false);
    expect(changed.json().reasons).toEqual([
      expect.stringMatching(/^Changed since the principal investigator signed it on \d{4}-\d{2}-\d{2}/),
    ]);
    const again = await sign(pi, changed.json(), { password: testPassword });
    expect(again.json()).toMatchObject({ valid: true });
    expect(again.json().signatures.map((s: { valid: boolean }) => s.valid)).toEqual([false, true]);

    const trail = (await monitor.get(`/api/audit?entityType=delegation_entry&entityId=${entry.id}`)).json().items;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['create', 'sign', 'update', 'sign']);
    expect(trail[2]).toMatchObject({ reason: 'Now assesses AEs too' });
  });

  it("answers 404 for another sponsor's log, and for a study-site under another study", async () => {
    expect((await stranger.get(log)).statusCode).toBe(404);
    expect((await stranger.get(`${log}/export.pdf`)).statusCode).toBe(404);
    const entry = (await delegate(['enter_data'])).json();
    expect((await stranger.get(`${log}/${entry.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/audit?entityType=delegation_entry&entityId=${entry.id}`)).json().items ?? []).toEqual([]);
    const other = await makeTenant(t.database.db);
    expect((await coordinator.get(`/api/studies/${other.study.id}/sites/${w.studySite.id}/delegation`)).statusCode).toBe(404);
    expect((await monitor.get(log)).statusCode).toBe(200);
  });

  it("judges validity on the site's day, not on the UTC day", async () => {
    // Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart: at any moment at least one
    // of them is on another day than UTC.
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const site = await makeSite(t.database.db, { timeZone, country: 'KI', city: 'Somewhere' });
      const studySite = await makeStudySite(t.database.db, w.study.id, site.id, { status: 'active' });
      const before = t.clock.now();
      const answer = (await manager.get(`/api/studies/${w.study.id}/sites/${studySite.id}/delegation`)).json();
      expect([localDate(before, timeZone), localDate(t.clock.now(), timeZone)]).toContain(answer.asOf);
    }
  });
});
