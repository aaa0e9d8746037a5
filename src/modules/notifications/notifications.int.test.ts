// @module-tag today
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTrainingRecord } from '../../../test/support/delegation-factories.js';
import { makeTenant, makeUser, type Tenant, testPassword } from '../../../test/support/factories.js';
import { multipartForm, pdfBytes } from '../../../test/support/files.js';
import { userContext } from '../../../test/support/participant-factories.js';
import { makeStaffMember } from '../../../test/support/start-up-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { addDays } from '../../platform/dates.js';
import { listExpiring } from './list-expiring.js';

let t: TestApp;
let a: Tenant;
let coordinator: Client;
let monitor: Client;
let coordinatorId: string;
let outsiderId: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await makeTenant(t.database.db);
  const coordinatorUser = await makeUser(t.database.db, a.siteOrg.id, [
    { role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id },
  ]);
  coordinator = client(t.app, coordinatorUser.cookie);
  coordinatorId = coordinatorUser.user.id;
  monitor = client(
    t.app,
    (await makeUser(t.database.db, a.cro.id, [{ role: 'cra', scopeType: 'organization', scopeId: a.cro.id }])).cookie,
  );
  const b = await makeTenant(t.database.db);
  const outsiderUser = await makeUser(t.database.db, b.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: b.site.id }]);
  outsiderId = outsiderUser.user.id;
});
afterAll(() => t.close());

const today = () => t.clock.now().toISOString().slice(0, 10);

async function file(title: string, expiryDate: string) {
  const created = await coordinator.post(
    '/api/documents',
    multipartForm(
      { bytes: pdfBytes(title), name: 'doc.pdf' },
      { studyId: a.study.id, siteId: a.site.id, artifactNumber: '04.01.02', title, expiryDate },
    ),
  );
  expect(created.statusCode).toBe(201);
  return created.json();
}

async function approve(document: { id: string; versions: { id: string; version: number }[] }) {
  const [version] = document.versions;
  const approved = await monitor.post(
    `/api/documents/${document.id}/versions/${version?.id}/approve`,
    { password: testPassword, meaning: 'approval' },
    { 'if-match': `"${version?.version}"` },
  );
  expect(approved.statusCode).toBe(200);
}

/** What the home page's expiring items are drawn from (worklist/oversight-work.ts), as this user may see them. */
async function expiring(userId: string, withinDays = 60) {
  return listExpiring(t.database.db, await userContext(t.database.db, userId, t.clock.now), { withinDays });
}

it("lists a site's expiring documents and its staff's expiring and expired training, soonest first", async () => {
  const irb = await file('IRB approval', addDays(today(), 30));
  await approve(irb);
  // Filed but never approved: not yet part of the site file, so not news.
  await file('IRB approval (draft renewal)', addDays(today(), 5));

  const nurse = await makeStaffMember(t.database.db, a.site.id, 'nurse', 'Nina Nurse');
  const gcp = await makeTrainingRecord(t.database.db, nurse.personId, {
    kind: 'gcp',
    title: 'GCP refresher',
    completedOn: addDays(today(), -700),
    expiresOn: addDays(today(), 20),
  });
  const lapsed = await makeTrainingRecord(t.database.db, nurse.personId, {
    kind: 'gcp',
    title: 'GCP basic',
    completedOn: addDays(today(), -800),
    expiresOn: addDays(today(), -10),
  });
  // Lapsed more than a year ago: no longer news.
  await makeTrainingRecord(t.database.db, nurse.personId, {
    kind: 'other',
    title: 'IATA shipping',
    completedOn: addDays(today(), -1200),
    expiresOn: addDays(today(), -400),
  });
  // Removed records do not count.
  const removed = await makeTrainingRecord(t.database.db, nurse.personId, {
    kind: 'other',
    title: 'Removed course',
    completedOn: addDays(today(), -100),
    expiresOn: addDays(today(), 3),
  });
  await t.database.db.updateTable('training_records').set({ deleted_at: t.clock.now() }).where('id', '=', removed.id).execute();

  const body = await expiring(coordinatorId);
  expect(body).toMatchObject({ asOf: today(), withinDays: 60, counts: { expiring: 2, expired: 1 }, truncated: false });
  expect(body.items).toEqual([
    {
      kind: 'training',
      status: 'expired',
      expiresOn: addDays(today(), -10),
      daysLeft: -10,
      title: 'GCP basic',
      artifactNumber: null,
      personId: nurse.personId,
      personName: 'Nina Nurse',
      studyId: null,
      studyShortName: null,
      siteId: null,
      siteName: null,
      documentId: null,
      trainingRecordId: lapsed.id,
      link: `/people/${nurse.personId}`,
    },
    expect.objectContaining({ kind: 'training', status: 'expiring', daysLeft: 20, trainingRecordId: gcp.id }),
    {
      kind: 'document',
      status: 'expiring',
      expiresOn: addDays(today(), 30),
      daysLeft: 30,
      title: 'IRB approval',
      artifactNumber: '04.01.02',
      personId: null,
      personName: null,
      studyId: a.study.id,
      studyShortName: a.study.shortName,
      siteId: a.site.id,
      siteName: a.site.name,
      documentId: irb.id,
      trainingRecordId: null,
      link: `/documents/${irb.id}`,
    },
  ]);

  // withinDays narrows what is expiring; what has expired stays.
  const narrow = await expiring(coordinatorId, 25);
  expect(narrow.counts).toEqual({ expiring: 1, expired: 1 });
  expect(narrow.items.map((i: { title: string }) => i.title)).toEqual(['GCP basic', 'GCP refresher']);
  expect((await expiring(coordinatorId, 0)).counts).toEqual({ expiring: 0, expired: 1 });

  // Another sponsor's site sees none of it.
  const theirs = await expiring(outsiderId);
  expect(theirs).toMatchObject({ counts: { expiring: 0, expired: 0 }, items: [] });
});

it('judges a document by its newest approved version', async () => {
  const document = await file('Lab certificate', addDays(today(), 10));
  await approve(document);
  const current = (await coordinator.get(`/api/documents/${document.id}`)).json();
  const renewed = await coordinator.post(
    `/api/documents/${document.id}/versions`,
    multipartForm({ bytes: pdfBytes('Lab certificate 2'), name: 'lab.pdf' }, { expiryDate: addDays(today(), 300) }),
    { 'if-match': `"${current.version}"` },
  );
  expect(renewed.statusCode).toBe(201);
  const titles = async () => (await expiring(coordinatorId)).items.map((i: { title: string }) => i.title);
  expect(await titles()).toContain('Lab certificate');
  await approve({ id: document.id, versions: [renewed.json().versions[0]] });
  expect(await titles()).not.toContain('Lab certificate');
});
