import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeOrganization, makeStudy, makeUser } from '../../../test/support/factories.js';
import { client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

/**
 * The web app shows or hides what a user may do from GET /api/me alone: it keeps no copy of the
 * roles' permissions. The server still checks every request against the record's scope.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it("answers the permissions of the caller's roles, whatever their scope, and none of another role's", async () => {
  const org = await makeOrganization(t.database.db, 'site');
  const study = await makeStudy(t.database.db);
  const { cookie } = await makeUser(
    t.database.db,
    org.id,
    [{ role: 'study_coordinator', scopeType: 'study', scopeId: study.id }],
    t.clock.now(),
  );
  const response = await client(t.app, cookie).get('/api/me');
  expect(response.statusCode, response.body).toBe(200);
  const { permissions } = response.json() as { permissions: string[] };
  expect(permissions).toEqual(
    expect.arrayContaining(['participant.read', 'participant.write', 'participant.identify', 'delegation.write']),
  );
  // The investigator's and the unblinded roles' acts are not the coordinator's.
  for (const withheld of ['eligibility.confirm', 'delegation.sign', 'participant.unblind', 'allocation.read', 'user.write']) {
    expect(permissions).not.toContain(withheld);
  }
});

it('answers 401 to a caller who is not logged in, so the app shows its login page', async () => {
  const response = await client(t.app).get('/api/me');
  expect(response.statusCode).toBe(401);
});
