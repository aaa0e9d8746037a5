// @module-tag today
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTenant, makeUser, type Tenant, testPassword } from '../../../test/support/factories.js';
import { multipartForm, pdfBytes } from '../../../test/support/files.js';
import { makeDocumentRule, makeStaffMember } from '../../../test/support/start-up-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { addDays } from '../../platform/dates.js';

let t: TestApp;
let a: Tenant;
let manager: Client;
let coordinator: Client;
let monitor: Client;

beforeAll(async () => {
  t = await createTestApp();
  a = await makeTenant(t.database.db);
  manager = client(
    t.app,
    (await makeUser(t.database.db, a.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id }])).cookie,
  );
  coordinator = client(
    t.app,
    (await makeUser(t.database.db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }])).cookie,
  );
  monitor = client(
    t.app,
    (await makeUser(t.database.db, a.cro.id, [{ role: 'cra', scopeType: 'organization', scopeId: a.cro.id }])).cookie,
  );
});
afterAll(() => t.close());

const today = () => t.clock.now().toISOString().slice(0, 10);

async function fileAndApprove(fields: Record<string, string | undefined>) {
  const created = await coordinator.post(
    '/api/documents',
    multipartForm({ bytes: pdfBytes(fields.title), name: 'doc.pdf' }, { studyId: a.study.id, siteId: a.site.id, ...fields }),
  );
  expect(created.statusCode).toBe(201);
  const version = created.json().versions[0];
  const approved = await monitor.post(
    `/api/documents/${created.json().id}/versions/${version.id}/approve`,
    { password: testPassword, meaning: 'approval' },
    { 'if-match': `"${version.version}"` },
  );
  expect(approved.statusCode).toBe(200);
  return created.json();
}

async function items(query = '') {
  const response = await manager.get(`/api/studies/${a.study.id}/completeness?withItems=true${query}`);
  expect(response.statusCode).toBe(200);
  const [site] = response.json().sites;
  return {
    site,
    status: Object.fromEntries(site.items.map((i: { artifactNumber: string; status: string }) => [i.artifactNumber, i.status])),
    item: (artifact: string) => site.items.find((i: { artifactNumber: string }) => i.artifactNumber === artifact),
  };
}

it("shows a site only its own completeness, and another sponsor's study not at all", async () => {
  const response = await coordinator.get(`/api/studies/${a.study.id}/completeness`);
  expect(response.json().sites.map((s: { siteId: string }) => s.siteId)).toEqual([a.site.id]);
  const b = await makeTenant(t.database.db);
  expect((await coordinator.get(`/api/studies/${b.study.id}/completeness`)).statusCode).toBe(404);
});

it('computes completeness as documents are filed, approved, expire and are waived', async () => {
  await makeDocumentRule(t.database.db, a.study.id, '04.01.02', 'site');
  await makeDocumentRule(t.database.db, a.study.id, '05.02.04', 'principal_investigator');
  await makeDocumentRule(t.database.db, a.study.id, '05.02.07', 'sub_investigator');
  const pi = await makeStaffMember(t.database.db, a.site.id, 'principal_investigator', 'Dr. Ana Principal');
  const subI = await makeStaffMember(t.database.db, a.site.id, 'sub_investigator', 'Dr. Sam Sub');

  let now = await items();
  expect(now.site).toMatchObject({ expected: 3, missing: 3, percent: 0 });
  expect(now.item('05.02.04')).toMatchObject({ personName: 'Dr. Ana Principal', status: 'missing' });

  // Filed and submitted, not yet approved: pending.
  const irb = await coordinator.post(
    '/api/documents',
    multipartForm(
      { bytes: pdfBytes('IRB'), name: 'irb.pdf' },
      { studyId: a.study.id, siteId: a.site.id, artifactNumber: '04.01.02', title: 'IRB approval' },
    ),
  );
  expect((await items()).status['04.01.02']).toBe('pending');
  const irbVersion = irb.json().versions[0];
  await monitor.post(
    `/api/documents/${irb.json().id}/versions/${irbVersion.id}/approve`,
    { password: testPassword, meaning: 'approval' },
    { 'if-match': `"${irbVersion.version}"` },
  );
  expect((await items()).status['04.01.02']).toBe('complete');

  // The PI's CV runs out in 30 days: expiring within the default 60 days, not within 10.
  await fileAndApprove({ artifactNumber: '05.02.04', title: 'CV Dr. Principal', personId: pi.personId, expiryDate: addDays(today(), 30) });
  expect((await items()).status['05.02.04']).toBe('expiring');
  expect((await items('&expiringWithinDays=10')).status['05.02.04']).toBe('complete');

  // The sub-investigator's GCP certificate expired yesterday.
  await fileAndApprove({ artifactNumber: '05.02.07', title: 'GCP certificate', personId: subI.personId, expiryDate: addDays(today(), -1) });
  now = await items();
  expect(now.status['05.02.07']).toBe('expired');
  expect(now.site).toMatchObject({ complete: 1, expiring: 1, expired: 1, percent: 67 });

  // Waived with a reason: no longer a gap, and the reason travels with it.
  const waiver = await manager.post(`/api/studies/${a.study.id}/document-waivers`, {
    siteId: a.site.id,
    personId: subI.personId,
    artifactNumber: '05.02.07',
    reason: 'Renewal course booked; sponsor accepts until the next monitoring visit',
  });
  expect(waiver.statusCode).toBe(201);
  now = await items();
  expect(now.item('05.02.07')).toMatchObject({ status: 'waived', waiverReason: expect.stringContaining('Renewal course') });
  expect(now.site.percent).toBe(100);
  const history = (await manager.get(`/api/audit?entityType=document_waiver&entityId=${waiver.json().id}`)).json().items;
  expect(history[0]).toMatchObject({ action: 'create', reason: expect.stringContaining('Renewal course') });

  // A month later the PI's CV has expired (and yesterday's sessions with it: log in again).
  t.clock.advance(31 * 24 * 60 * 60 * 1000);
  manager = client(
    t.app,
    (
      await makeUser(
        t.database.db,
        a.sponsor.id,
        [{ role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id }],
        t.clock.now(),
      )
    ).cookie,
  );
  expect((await items()).status['05.02.04']).toBe('expired');
});
