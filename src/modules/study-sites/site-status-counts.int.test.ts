import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeSite, makeStudySite, makeTenant, makeUser } from '../../../test/support/factories.js';
import { client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it("counts a study's sites by status, only those the caller can see", async () => {
  const a = await makeTenant(t.database.db);
  for (const status of ['selected', 'selected', 'active'] as const) {
    await makeStudySite(t.database.db, a.study.id, (await makeSite(t.database.db)).id, { status });
  }
  const manager = client(
    t.app,
    (await makeUser(t.database.db, a.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id }])).cookie,
  );
  const counts = (await manager.get(`/api/studies/${a.study.id}/site-status-counts`)).json();
  expect(counts).toEqual({ counts: { candidate: 1, selected: 2, start_up: 0, active: 1, enrollment_closed: 0, closed: 0 }, total: 4 });

  const coordinator = client(
    t.app,
    (await makeUser(t.database.db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }])).cookie,
  );
  expect((await coordinator.get(`/api/studies/${a.study.id}/site-status-counts`)).json().total).toBe(1);

  const b = await makeTenant(t.database.db);
  expect((await manager.get(`/api/studies/${b.study.id}/site-status-counts`)).statusCode).toBe(404);
});
