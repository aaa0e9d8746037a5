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
