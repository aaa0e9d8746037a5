// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrainingRecord, makeTrainingRequirement } from '../../../test/support/delegation-factories.js';
import { makeTenant, makeUser, type Tenant } from '../../../test/support/factories.js';
import { makeStaffMember } from '../../../test/support/start-up-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { addDays, localDate } from '../../platform/dates.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let coordinator: Client;
let manager: Client;
let monitor: Client;
let stranger: Client;

beforeAll(async () => {
  t = await createTestApp();
  const { db } = t.database;
  a = await makeTenant(db);
  b = await makeTenant(db);
  coordinator = client(
    t.app,
    (await makeUser(db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }])).cookie,
  );
  manager = client(
    t.app,
    (await makeUser(db, a.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id }])).cookie,
  );
  monitor = client(t.app, (await makeUser(db, a.cro.id, [{ role: 'cra', scopeType: 'organization', scopeId: a.cro.id }])).cookie);
  stranger = client(
    t.app,
    (await makeUser(db, b.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: b.site.id }])).cookie,
  );
});
afterAll(() => t.close());

const history = async (id: string) => (await coordinator.get(`/api/audit?entityType=training_record&entityId=${id}`)).json().items;

describe('training records', () => {
  it('records GCP training, three years by default, audited, with an ETag', async () => {
    const staff = await makeStaffMember(t.database.db, a.site.id, 'nurse');
    const created = await coordinator.post(`/api/people/${staff.personId}/training`, {
      title: 'ICH GCP E6(R3) refresher',
      kind: 'gcp',
      completedOn: '2024-02-29',
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json()).toMatchObject({ kind: 'gcp', completedOn: '2024-02-29', expiresOn: '2027-02-28', studyId: null });
    const list = (await monitor.get(`/api/people/${staff.personId}/training`)).json().items;
    expect(list.map((r: { id: string }) => r.id)).toEqual([created.json().id]);
    const [row] = await history(created.json().id);
    expect(row).toMatchObject({ action: 'create' });
    expect(row.changes).toEqual(
      expect.arrayContaining([
        { field: 'kind', old: null, new: 'gcp' },
        { field: 'expiresOn', old: null, new: '2027-02-28' },
      ]),
    );
  });

  it('updates with If-Match only; a new completion date moves a default GCP expiry', async () => {
    const staff = await makeStaffMember(t.database.db, a.site.id, 'nurse');
    const record = await makeTrainingRecord(t.database.db, staff.personId, { kind: 'gcp', completedOn: '2023-05-01' });
    const url = `/api/people/${staff.personId}/training/${record.id}`;
    expect((await coordinator.patch(url, { completedOn: '2025-05-01' })).statusCode).toBe(428);
    expect((await coordinator.patch(url, { completedOn: '2025-05-01' }, { 'if-match': '"7"' })).statusCode).toBe(412);
    const updated = await coordinator.patch(url, { completedOn: '2025-05-01', reason: 'Typo in the date' }, { 'if-match': '"1"' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ completedOn: '2025-05-01', expiresOn: '2028-05-01', version: 2 });
    const rows = await history(record.id);
    expect(rows[1]).toMatchObject({ action: 'update', reason: 'Typo in the date' });
    expect(rows[1].changes).toEqual([
      { field: 'completedOn', old: '2023-05-01', new: '2025-05-01' },
      { field: 'expiresOn', old: '2026-05-01', new: '2028-05-01' },
    ]);
  });

  it('deletes with a reason, audited, and the record leaves the list', async () => {
    const staff = await makeStaffMember(t.database.db, a.site.id, 'nurse');
    const record = await makeTrainingRecord(t.database.db, staff.personId, { kind: 'other', title: 'IATA shipping' });
    const url = `/api/people/${staff.personId}/training/${record.id}`;
    expect((await coordinator.delete(url, { 'if-match': '"1"' })).statusCode).toBe(400);
    expect((await coordinator.delete(`${url}?reason=Entered%20for%20the%20wrong%20person`, { 'if-match': '"1"' })).statusCode).toBe(204);
    expect((await coordinator.get(url)).statusCode).toBe(404);
    expect((await coordinator.get(`/api/people/${staff.personId}/training`)).json().items).toEqual([]);
    const rows = await history(record.id);
    expect(rows.at(-1)).toMatchObject({ action: 'delete', reason: 'Entered for the wrong person' });
    expect(rows.at(-1).changes).toContainEqual({ field: 'title', old: 'IATA shipping', new: null });
  });

  it('names each rule a kind breaks, and references the caller cannot use', async () => {
    const staff = await makeStaffMember(t.database.db, a.site.id, 'pharmacist');
    const post = (body: object) =>
      coordinator.post(`/api/people/${staff.personId}/training`, { title: 'x', completedOn: '2025-01-01', ...body });
    expect((await post({ kind: 'protocol', protocolVersion: '2.0' })).json().errors).toEqual([
      { pointer: '/studyId', detail: expect.any(String) },
    ]);
    expect((await post({ kind: 'licence' })).json().errors).toEqual([{ pointer: '/expiresOn', detail: expect.any(String) }]);
    expect((await post({ kind: 'gcp', protocolVersion: '2.0' })).json().errors[0].pointer).toBe('/protocolVersion');
    const foreignStudy = await post({ kind: 'protocol', protocolVersion: '2.0', studyId: b.study.id });
    expect(foreignStudy.json().errors).toEqual([{ pointer: '/studyId', detail: 'No such study.' }]);
    expect((await post({ kind: 'gcp', expiresOn: '2024-01-01' })).json().errors[0].pointer).toBe('/expiresOn');
  });

  it("answers 404 outside the caller's scope and 403 without the permission", async () => {
    const staff = await makeStaffMember(t.database.db, a.site.id, 'nurse');
    const body = { title: 'GCP', kind: 'gcp', completedOn: '2025-01-01' };
    expect((await stranger.get(`/api/people/${staff.personId}/training`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/people/${staff.personId}/training`, body)).statusCode).toBe(404);
    expect((await monitor.post(`/api/people/${staff.personId}/training`, body)).statusCode).toBe(403);
  });
});

describe('required training per role and status', () => {
  it('lets study managers set what each role needs; sites read it', async () => {
    const study = `/api/studies/${a.study.id}/training-requirements`;
    expect((await coordinator.post(study, { role: 'nurse', kind: 'gcp' })).statusCode).toBe(403);
    expect((await manager.post(study, { role: 'nurse', kind: 'protocol' })).json().errors[0].pointer).toBe('/protocolVersion');
    const created = await manager.post(study, { role: 'nurse', kind: 'protocol', protocolVersion: '1.0' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ label: 'Training on protocol version 1.0' });
    expect((await manager.post(study, { role: 'nurse', kind: 'protocol', protocolVersion: '1.0' })).statusCode).toBe(409);
    expect((await coordinator.get(study)).json().items.map((r: { id: string }) => r.id)).toContain(created.json().id);
    expect((await stranger.get(study)).statusCode).toBe(404);
    expect((await manager.delete(`${study}/${created.json().id}?reason=Wrong%20role`)).statusCode).toBe(204);
    expect((await coordinator.get(study)).json().items).toEqual([]);
  });

  it('shows what is missing, expiring, expired and current, per site and per person', async () => {
    const { db } = t.database;
    const c = await makeTenant(db);
    const coordinatorC = client(
      t.app,
      (await makeUser(db, c.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: c.site.id }])).cookie,
    );
    // A site's training status is judged on the site's day (Chicago's, up to a day behind UTC).
    const siteDay = localDate(t.clock.now(), c.site.timeZone);
    await makeTrainingRequirement(db, c.study.id, { role: 'sub_investigator', kind: 'gcp' });
    await makeTrainingRequirement(db, c.study.id, { role: 'sub_investigator', kind: 'protocol', protocolVersion: '2.0' });
    await makeTrainingRequirement(db, c.study.id, { role: 'sub_investigator', kind: 'licence' });
    await makeTrainingRequirement(db, c.study.id, { role: 'nurse', kind: 'gcp' });
    const subI = await makeStaffMember(db, c.site.id, 'sub_investigator', 'Dr. Sub');
    const nurse = await makeStaffMember(db, c.site.id, 'nurse', 'Nurse Nia');
    await makeStaffMember(db, b.site.id, 'nurse', 'Elsewhere Eve');
    await makeTrainingRecord(db, subI.personId, { kind: 'gcp', completedOn: addDays(siteDay, -1000), expiresOn: addDays(siteDay, 20) });
    await makeTrainingRecord(db, subI.personId, {
      kind: 'protocol',
      studyId: c.study.id,
      protocolVersion: '1.0',
      completedOn: addDays(siteDay, -90),
    });
    await makeTrainingRecord(db, subI.personId, { kind: 'licence', completedOn: '2010-01-01', expiresOn: addDays(siteDay, -1) });
    await makeTrainingRecord(db, nurse.personId, { kind: 'gcp', completedOn: addDays(siteDay, -30) });

    const site = await coordinatorC.get(`/api/studies/${c.study.id}/sites/${c.studySite.id}/training-status`);
    expect(site.statusCode).toBe(200);
    expect(site.json()).toMatchObject({ current: 1, expiring: 1, expired: 1, missing: 1 });
    const sub = site.json().people.find((p: { personId: string }) => p.personId === subI.personId);
    expect(sub.status).toBe('missing');
    expect(Object.fromEntries(sub.items.map((i: { label: string; status: string }) => [i.label, i.status]))).toEqual({
      'GCP training': 'expiring',
      'Training on protocol version 2.0': 'missing',
      'Professional licence': 'expired',
    });
    expect(site.json().people.map((p: { personName: string }) => p.personName)).not.toContain('Elsewhere Eve');
    const narrower = (
      await coordinatorC.get(`/api/studies/${c.study.id}/sites/${c.studySite.id}/training-status?expiringWithinDays=7`)
    ).json();
    expect(narrower).toMatchObject({ current: 2, expiring: 0 });

    const person = await coordinatorC.get(`/api/people/${nurse.personId}/training-status?studyId=${c.study.id}`);
    expect(person.json()).toMatchObject({ status: 'current', roles: ['nurse'], sites: [{ studySiteId: c.studySite.id }] });
    expect((await stranger.get(`/api/studies/${c.study.id}/sites/${c.studySite.id}/training-status`)).statusCode).toBe(404);
  });
});
