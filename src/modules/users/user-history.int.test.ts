import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeOrganization, makeStudy, makeUser } from '../../../test/support/factories.js';
import { client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it("shows the roles granted to and revoked from a user in the user's own history", async () => {
  const home = await makeOrganization(t.database.db, 'vendor');
  const admin = client(t.app, (await makeUser(t.database.db, home.id, [{ role: 'platform_admin', scopeType: 'platform' }])).cookie);
  const study = await makeStudy(t.database.db);
  const target = await makeUser(t.database.db, home.id, []);
  const other = await makeUser(t.database.db, home.id, []);

  const grant = await admin.post(`/api/users/${target.user.id}/grants`, {
    role: 'cra',
    scopeType: 'study',
    scopeId: study.id,
    reason: 'Joins the monitoring team',
  });
  expect(grant.statusCode).toBe(201);
  await admin.post(`/api/users/${other.user.id}/grants`, { role: 'auditor', scopeType: 'study', scopeId: study.id });
  expect((await admin.delete(`/api/users/${target.user.id}/grants/${grant.json().id}?reason=Left%20the%20team`)).statusCode).toBe(204);

  const history = (await admin.get(`/api/audit?entityType=user&entityId=${target.user.id}`)).json().items;
  const grantEvents = history.filter((e: { entityType: string }) => e.entityType === 'grant');
  expect(grantEvents.map((e: { action: string; reason: string }) => [e.action, e.reason])).toEqual([
    ['create', 'Joins the monitoring team'],
    ['delete', 'Left the team'],
  ]);
  expect(history[0]).toMatchObject({ entityType: 'user', action: 'create' });
});
