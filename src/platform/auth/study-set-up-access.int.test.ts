import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessWorld, expectRow, makeAccessWorld } from '../../../test/support/access-actors.js';
import { makeStudy, makeStudySite, type Tenant } from '../../../test/support/factories.js';
import { questionOfEachKind } from '../../../test/support/feasibility-factories.js';
import { makeMilestone } from '../../../test/support/milestone-factories.js';
import { type Client, createTestApp, type Response, type TestApp } from '../../../test/support/test-app.js';

/**
 * What a study asks of its sites (milestone templates and the activation gate, expected
 * documents, training requirements, the delegation task list, protocol and consent form
 * versions, subject numbers, feasibility questionnaires) is the study team's set-up: only the
 * study manager and the platform admin change it. Monitors, site staff and read-only roles are
 * refused even where they may read the study and do their own work on the same module.
 */
let t: TestApp;
let world: AccessWorld;
let a: Tenant;

beforeAll(async () => {
  t = await createTestApp();
  world = await makeAccessWorld(t);
  ({ a } = world);
});
afterAll(() => t.close());

/** A new study of sponsor A, run by A's CRO at A's site with A's SMO: every A user sees it. */
async function studyOfA() {
  const study = await makeStudy(t.database.db, { sponsorOrgId: a.sponsor.id, croOrgId: a.cro.id });
  await makeStudySite(t.database.db, study.id, a.site.id, { smoOrgId: a.smo.id });
  return study;
}

async function ifMatch(url: string) {
  return { 'if-match': (await world.as('admin').get(url)).headers.etag as string };
}

type SetUpAction = [name: string, success: number, act: (api: Client, studyId: string) => Promise<Response>];

const setUpActions: SetUpAction[] = [
  [
    'adding a start-up milestone',
    201,
    (api, studyId) => api.post(`/api/studies/${studyId}/milestones`, { code: 'cda', name: 'CDA signed' }),
  ],
  ['adding the default start-up milestones', 201, (api, studyId) => api.post(`/api/studies/${studyId}/milestones/defaults`)],
  [
    'making a milestone required for activation',
    200,
    async (api, studyId) => {
      const url = `/api/studies/${studyId}/milestones/${(await makeMilestone(t.database.db, studyId, { code: 'irb' })).id}`;
      return api.patch(url, { requiredForActivation: true }, await ifMatch(url));
    },
  ],
  [
    'removing a start-up milestone',
    204,
    async (api, studyId) => {
      const url = `/api/studies/${studyId}/milestones/${(await makeMilestone(t.database.db, studyId, { code: 'cda' })).id}`;
      return api.delete(`${url}?reason=Not%20needed`, await ifMatch(url));
    },
  ],
  [
    'expecting a document of every site',
    201,
    (api, studyId) =>
      api.post(`/api/studies/${studyId}/document-rules`, { artifactNumber: '05.02.04', appliesTo: 'principal_investigator' }),
  ],
  [
    'requiring a training',
    201,
    (api, studyId) => api.post(`/api/studies/${studyId}/training-requirements`, { role: 'principal_investigator', kind: 'gcp' }),
  ],
  [
    'adding a delegation task',
    201,
    (api, studyId) => api.post(`/api/studies/${studyId}/delegation-tasks`, { code: 'ecg', label: 'Perform ECGs' }),
  ],
  ['adding a protocol version', 201, (api, studyId) => api.post(`/api/studies/${studyId}/protocols`, { versionLabel: '1.0' })],
  [
    'adding a consent form version',
    201,
    (api, studyId) => api.post(`/api/studies/${studyId}/icf-versions`, { versionLabel: '1.0', language: 'en' }),
  ],
  [
    'setting the subject number format',
    200,
    (api, studyId) =>
      api.put(`/api/studies/${studyId}/participant-settings`, { subjectNumberFormat: '{site}/{seq:4}' }, { 'if-match': '"0"' }),
  ],
  [
    'writing a feasibility questionnaire',
    201,
    (api, studyId) =>
      api.post(`/api/studies/${studyId}/feasibility/questionnaires`, { title: 'Feasibility', questions: questionOfEachKind() }),
  ],
];

describe.each(setUpActions)('%s', (_name, success, act) => {
  it.each(
    expectRow({
      admin: success,
      managerA: success,
      managerB: 404,
      craA: 403,
      coordinatorA: 403,
      smoLeadA: 403,
      investigatorA: 403,
      auditorA: 403,
      noGrants: 403,
    }),
  )('as %s answers %i', async (actor, status) => {
    const study = await studyOfA();
    expect((await act(world.as(actor), study.id)).statusCode).toBe(status);
  });
});

describe("recording a study-site's milestone dates stays with the sites and the monitor", () => {
  it.each(
    expectRow({
      admin: 200,
      managerA: 200,
      managerB: 404,
      craA: 200,
      coordinatorA: 200,
      smoLeadA: 200,
      investigatorA: 403,
      auditorA: 403,
      noGrants: 403,
    }),
  )('as %s answers %i', async (actor, status) => {
    const milestone = await makeMilestone(t.database.db, a.study.id, { code: `siv_${actor.toLowerCase()}` });
    const url = `/api/studies/${a.study.id}/sites/${a.studySite.id}/milestones/${milestone.id}`;
    const response = await world.as(actor).patch(url, { plannedDate: '2030-01-15' }, { 'if-match': '"0"' });
    expect(response.statusCode).toBe(status);
  });
});
