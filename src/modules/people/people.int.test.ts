import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeOrganization, makeTenant, makeUser } from '../../../test/support/factories.js';
import { makeStaffMember } from '../../../test/support/start-up-factories.js';
import { client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('links a login to a person for user administrators only, once per login, with history', async () => {
  const a = await makeTenant(t.database.db);
  const pi = await makeStaffMember(t.database.db, a.site.id, 'principal_investigator', 'Dr. Linked');
  const other = await makeStaffMember(t.database.db, a.site.id, 'sub_investigator');
  const login = await makeUser(t.database.db, a.siteOrg.id, []);
  const home = await makeOrganization(t.database.db, 'vendor');
  const admin = client(t.app, (await makeUser(t.database.db, home.id, [{ role: 'platform_admin', scopeType: 'platform' }])).cookie);
  const coordinator = client(
    t.app,
    (await makeUser(t.database.db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }])).cookie,
  );

  const refused = await coordinator.patch(`/api/people/${pi.personId}`, { userId: login.user.id }, { 'if-match': '"1"' });
  expect(refused.statusCode).toBe(403);
  // The coordinator keeps the staff list: a name change is theirs to make.
  expect((await coordinator.patch(`/api/people/${pi.personId}`, { professionalTitle: 'MD, PhD' }, { 'if-match': '"1"' })).statusCode).toBe(
    200,
  );

  const linked = await admin.patch(
    `/api/people/${pi.personId}`,
    { userId: login.user.id, reason: 'PI signs in Trialdesk' },
    { 'if-match': '"2"' },
  );
  expect(linked.statusCode).toBe(200);
  expect(linked.json().userId).toBe(login.user.id);
  const twice = await admin.patch(`/api/people/${other.personId}`, { userId: login.user.id }, { 'if-match': '"1"' });
  expect(twice.statusCode).toBe(409);
  expect(twice.json().errors[0].pointer).toBe('/userId');

  const history = (await admin.get(`/api/audit?entityType=person&entityId=${pi.personId}`)).json().items;
  expect(history.at(-1)).toMatchObject({ reason: 'PI signs in Trialdesk', changes: [{ field: 'userId', old: null, new: login.user.id }] });
});

it("finds people by a part of their name among those the caller sees: their organization's, or staff of a site they see", async () => {
  const db = t.database.db;
  const word = `Quillfeather${Date.now().toString(36)}`;
  const a = await makeTenant(db);
  const b = await makeTenant(db);
  const local = await makeStaffMember(db, a.site.id, 'sub_investigator', `Dr. Ada ${word}`);
  // Of b's site organization, working at a's site as well: a's coordinator sees them as staff.
  const visiting = await makeStaffMember(db, b.site.id, 'principal_investigator', `Dr. Bo ${word}ski`);
  const foreign = await makeStaffMember(db, b.site.id, 'sub_investigator', `Dr. Cy ${word}`);
  const home = await makeOrganization(db, 'vendor');
  const admin = client(t.app, (await makeUser(db, home.id, [{ role: 'platform_admin', scopeType: 'platform' }])).cookie);
  const added = await admin.post(`/api/sites/${a.site.id}/staff`, {
    personId: visiting.personId,
    role: 'sub_investigator',
    startDate: '2021-01-01',
  });
  expect(added.statusCode).toBe(201);
  const coordinator = client(
    t.app,
    (await makeUser(db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }])).cookie,
  );
  const manager = client(
    t.app,
    (await makeUser(db, a.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id }])).cookie,
  );

  const found = async (api: typeof admin, q: string) => {
    const response = await api.get(`/api/people?q=${encodeURIComponent(q)}&limit=100`);
    expect(response.statusCode).toBe(200);
    return (response.json().items as { id: string }[]).map((p) => p.id).sort();
  };
  const expected = [local.personId, visiting.personId].sort();
  expect(await found(coordinator, word.toUpperCase())).toEqual(expected);
  expect(await found(manager, word.toLowerCase())).toEqual(expected);
  expect(await found(admin, word)).toEqual([local.personId, visiting.personId, foreign.personId].sort());
  expect(await found(coordinator, `${word}ski`)).toEqual([visiting.personId]);
});

it('finds people by two letters of their name, inside a word too, in any case, among those the caller sees', async () => {
  const db = t.database.db;
  const a = await makeTenant(db);
  const b = await makeTenant(db);
  const inside = await makeStaffMember(db, a.site.id, 'sub_investigator', 'Dr. Ida Brzqwinski');
  await makeStaffMember(db, b.site.id, 'sub_investigator', 'Dr. Ola Qwertz');
  const coordinator = client(
    t.app,
    (await makeUser(db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }])).cookie,
  );
  const all = (await coordinator.get('/api/people?limit=200')).json().items as { id: string; fullName: string }[];
  const byHand = (text: string) => all.filter((p) => p.fullName.toLowerCase().includes(text)).map((p) => p.id);
  for (const q of ['QW', 'zq', 'r.']) {
    const response = await coordinator.get(`/api/people?q=${encodeURIComponent(q)}&limit=200`);
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((p: { id: string }) => p.id)).toEqual(byHand(q.toLowerCase()));
  }
  // The pair inside the surname; b's Qwertz is not among those the coordinator sees.
  expect((await coordinator.get('/api/people?q=qw&limit=200')).json().items.map((p: { id: string }) => p.id)).toEqual([inside.personId]);
});
