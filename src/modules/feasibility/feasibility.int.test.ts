import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeOrganization,
  makeSite,
  makeStudy,
  makeStudySite,
  makeTenant,
  makeUser,
  type Tenant,
} from '../../../test/support/factories.js';
import { makeActivatedStudySite, makeQuestionnaire, put, questionOfEachKind } from '../../../test/support/feasibility-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { Site } from '../sites/site.schemas.js';
import type { StudySite } from '../study-sites/study-site.schemas.js';

let t: TestApp;
let a: Tenant;
let manager: Client;
let otherSponsor: Client;
let siteB: Site;
let siteC: Site;
let studySiteB: StudySite;
let studySiteC: StudySite;
const cookies = { a: '', b: '', c: '', smo: '', manager: '' };
const sites: Record<'a' | 'b' | 'c' | 'smo', Client> = {} as never;

beforeAll(async () => {
  t = await createTestApp();
  const { db } = t.database;
  a = await makeTenant(db);
  siteB = await makeSite(db);
  siteC = await makeSite(db);
  studySiteB = await makeStudySite(db, a.study.id, siteB.id);
  studySiteC = await makeStudySite(db, a.study.id, siteC.id);
  // Site A's own record: in another sponsor's study it went from selected to active in 135 days.
  const earlier = await makeStudy(db);
  await makeActivatedStudySite(db, earlier.id, a.site.id, '2025-01-10T09:00:00Z', '2025-05-25T09:00:00Z');

  cookies.manager = (
    await makeUser(db, a.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id }])
  ).cookie;
  manager = client(t.app, cookies.manager);
  const b = await makeTenant(db);
  otherSponsor = client(
    t.app,
    (await makeUser(db, b.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: b.sponsor.id }])).cookie,
  );
  cookies.a = (await makeUser(db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }])).cookie;
  cookies.b = (
    await makeUser(db, siteB.organizationId, [{ role: 'investigator', scopeType: 'study_site', scopeId: studySiteB.id }])
  ).cookie;
  cookies.c = (await makeUser(db, siteC.organizationId, [{ role: 'study_coordinator', scopeType: 'site', scopeId: siteC.id }])).cookie;
  cookies.smo = (await makeUser(db, a.smo.id, [{ role: 'smo_network_lead', scopeType: 'organization', scopeId: a.smo.id }])).cookie;
  for (const key of ['a', 'b', 'c', 'smo'] as const) sites[key] = client(t.app, cookies[key]);
});
afterAll(() => t.close());

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

async function createAndSend(studySiteIds: string[]) {
  const created = await manager.post(`/api/studies/${a.study.id}/feasibility/questionnaires`, {
    title: 'Phase 2 oncology feasibility',
    questions: questionOfEachKind(),
  });
  expect(created.statusCode).toBe(201);
  const questionnaire = created.json();
  const sent = await manager.post(
    `/api/feasibility/questionnaires/${questionnaire.id}/send`,
    { studySiteIds },
    ifMatch(questionnaire.version),
  );
  expect(sent.statusCode).toBe(201);
  return { questionnaire, invitations: sent.json().items as { id: string; studySiteId: string }[] };
}

/** Saves and submits as the site, each step with the ETag it just read. */
async function answer(site: 'a' | 'b' | 'c', invitationId: string, answers: Record<string, unknown>) {
  const read = await sites[site].get(`/api/feasibility/invitations/${invitationId}`);
  expect(read.statusCode).toBe(200);
  const saved = await put(
    t.app,
    cookies[site],
    `/api/feasibility/invitations/${invitationId}/answers`,
    { answers },
    { 'if-match': read.headers.etag as string },
  );
  expect(saved.statusCode).toBe(200);
  const submitted = await sites[site].post(
    `/api/feasibility/invitations/${invitationId}/submit`,
    {},
    { 'if-match': saved.headers.etag as string },
  );
  expect(submitted.statusCode).toBe(200);
  return submitted.json();
}

describe('the worked example: three sites, one question of each kind', () => {
  let questionnaireId: string;
  let q: string[];
  const invitationOf: Record<string, string> = {};

  beforeAll(async () => {
    const { questionnaire, invitations } = await createAndSend([a.studySite.id, studySiteB.id, studySiteC.id]);
    questionnaireId = questionnaire.id;
    q = questionnaire.questions.map((question: { id: string }) => question.id);
    for (const invitation of invitations) invitationOf[invitation.studySiteId] = invitation.id;
  });

  it('scores each site by hand-computed arithmetic and ranks them', async () => {
    // Weights: yes_no 20, number 40 (target 10..20, falloff 10), single 20, multiple 20, free text 0; sum 100.
    // Site A: yes (20) + 25 patients, 5 above 20 → 40 × (1 − 5/10) = 20 + "some" 0.5 × 20 = 10
    //   + ECG, MRI, CT 0.5 + 0.5 + 0.25 = 1.25 capped at 1 → 20; answers = 70 / 100 × 100 = 70.
    //   History: one activation in 135 days (2025-01-10 → 2025-05-25) → 100 × (270 − 135) / 180 = 75 points.
    //   Final = 70 × 0.7 + 75 × 0.3 = 49 + 22.5 = 71.5.
    // Site B: yes (20) + 15 in range (40) + "extensive" (20) + CT 0.25 × 20 = 5; answers = 85; no history → final 85.
    // Site C: no (0) + 8 patients, 2 below 10 → 40 × (1 − 2/10) = 32 + "none" (0) + ECG, CT 0.75 × 20 = 15;
    //   answers = 47; no history → final 47.
    // Ranking: B 85, A 71.5, C 47.
    await answer('a', invitationOf[a.studySite.id] as string, {
      [q[0] as string]: true,
      [q[1] as string]: 25,
      [q[2] as string]: 'some',
      [q[3] as string]: ['ecg', 'mri', 'ct'],
      [q[4] as string]: 'We run four oncology trials.',
    });
    t.clock.advance(60_000);
    await answer('b', invitationOf[studySiteB.id] as string, {
      [q[0] as string]: true,
      [q[1] as string]: 15,
      [q[2] as string]: 'extensive',
      [q[3] as string]: ['ct'],
    });
    t.clock.advance(60_000);
    await answer('c', invitationOf[studySiteC.id] as string, {
      [q[0] as string]: false,
      [q[1] as string]: 8,
      [q[2] as string]: 'none',
      [q[3] as string]: ['ecg', 'ct'],
    });

    const response = await manager.get(`/api/studies/${a.study.id}/feasibility/shortlist?questionnaireId=${questionnaireId}`);
    expect(response.statusCode).toBe(200);
    const shortlist = response.json();
    expect(shortlist.method).toContain('answers × 0.7 + history × 0.3');
    expect(shortlist.items.map((e: { studySiteId: string; rank: number; score: object }) => [e.rank, e.studySiteId, e.score])).toEqual([
      [1, studySiteB.id, { final: 85, answers: 85, history: null }],
      [2, a.studySite.id, { final: 71.5, answers: 70, history: 75 }],
      [3, studySiteC.id, { final: 47, answers: 47, history: null }],
    ]);
    const siteA = shortlist.items[1];
    expect(siteA.questionPoints.map((p: { points: number }) => p.points)).toEqual([20, 20, 10, 20, 0]);
    expect(siteA.history).toEqual([
      expect.objectContaining({ name: 'startup_cycle_time', value: 135, points: 75, available: true }),
      expect.objectContaining({ name: 'enrollment_rate', value: null, points: null, available: false, basis: expect.any(String) }),
      expect.objectContaining({ name: 'screen_failure_rate', value: null, points: null, available: false }),
    ]);
    expect(shortlist.items[2].questionPoints.map((p: { points: number }) => p.points)).toEqual([0, 32, 0, 15, 0]);
  });

  it("never shows a site the ranking nor another site's answers", async () => {
    const url = `/api/studies/${a.study.id}/feasibility/shortlist?questionnaireId=${questionnaireId}`;
    expect((await sites.a.get(url)).statusCode).toBe(404);
    expect((await sites.a.get(`/api/feasibility/invitations/${invitationOf[studySiteB.id]}`)).statusCode).toBe(404);
    expect((await sites.b.get(`/api/feasibility/invitations/${invitationOf[a.studySite.id]}`)).statusCode).toBe(404);
    expect((await sites.a.get(`/api/feasibility/questionnaires/${questionnaireId}`)).statusCode).toBe(404);
    const own = (await sites.a.get(`/api/feasibility/invitations?questionnaireId=${questionnaireId}`)).json();
    expect(own.items.map((i: { studySiteId: string }) => i.studySiteId)).toEqual([a.studySite.id]);
    // The SMO supporting site A sees A's invitation and no other.
    const smo = (await sites.smo.get(`/api/feasibility/invitations?questionnaireId=${questionnaireId}`)).json();
    expect(smo.items.map((i: { studySiteId: string }) => i.studySiteId)).toEqual([a.studySite.id]);
    const history = await sites.a.get(`/api/audit?entityType=feasibility_invitation&entityId=${invitationOf[studySiteB.id]}`);
    expect(history.statusCode).toBe(404);
  });

  it('selects and rejects with reasons, moving the study-site statuses, in the audit trail', async () => {
    const decide = async (studySite: StudySite, decision: 'select' | 'reject', reason: string) => {
      const current = await manager.get(`/api/studies/${a.study.id}/sites/${studySite.id}`);
      return manager.post(
        `/api/studies/${a.study.id}/feasibility/decisions`,
        { studySiteId: studySite.id, decision, reason },
        {
          'if-match': current.headers.etag as string,
        },
      );
    };
    const stale = await manager.post(
      `/api/studies/${a.study.id}/feasibility/decisions`,
      { studySiteId: studySiteB.id, decision: 'select', reason: 'Best fit' },
      ifMatch(studySiteB.version + 5),
    );
    expect(stale.statusCode).toBe(412);

    const selected = await decide(studySiteB, 'select', 'Highest feasibility score, patient pool in range');
    expect(selected.statusCode).toBe(200);
    expect(selected.json().studySite.status).toBe('selected');
    expect(selected.json().invitation).toMatchObject({
      decision: 'select',
      decisionReason: 'Highest feasibility score, patient pool in range',
    });
    const rejected = await decide(studySiteC, 'reject', 'No -80 °C freezer; patient pool below target');
    expect(rejected.json().studySite.status).toBe('closed');

    const again = await decide(studySiteB, 'reject', 'Changed our mind');
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].pointer).toBe('/studySiteId');

    const siteTrail = (await manager.get(`/api/audit?entityType=study_site&entityId=${studySiteC.id}`)).json().items;
    expect(siteTrail.at(-1)).toMatchObject({
      action: 'status_change',
      reason: 'No -80 °C freezer; patient pool below target',
      changes: expect.arrayContaining([{ field: 'status', old: 'candidate', new: 'closed' }]),
    });
    const invitationTrail = (
      await manager.get(`/api/audit?entityType=feasibility_invitation&entityId=${invitationOf[studySiteB.id]}`)
    ).json().items;
    expect(invitationTrail.map((e: { action: string }) => e.action)).toEqual(['create', 'status_change']);
    expect(invitationTrail[1]).toMatchObject({
      reason: 'Highest feasibility score, patient pool in range',
      changes: expect.arrayContaining([{ field: 'decision', old: null, new: 'select' }]),
    });
    const shortlist = (await manager.get(`/api/studies/${a.study.id}/feasibility/shortlist?questionnaireId=${questionnaireId}`)).json();
    expect(shortlist.items.map((e: { decision: string | null }) => e.decision)).toEqual(['select', null, 'reject']);
  });

  it('keeps another sponsor out: 404 for its questionnaire, short-list and decisions', async () => {
    expect((await otherSponsor.get(`/api/feasibility/questionnaires/${questionnaireId}`)).statusCode).toBe(404);
    expect((await otherSponsor.get(`/api/studies/${a.study.id}/feasibility/questionnaires`)).statusCode).toBe(404);
    expect((await otherSponsor.get(`/api/studies/${a.study.id}/feasibility/shortlist?questionnaireId=${questionnaireId}`)).statusCode).toBe(
      404,
    );
    expect((await otherSponsor.get(`/api/feasibility/invitations/${invitationOf[a.studySite.id]}`)).statusCode).toBe(404);
    expect((await otherSponsor.get(`/api/feasibility/invitations?questionnaireId=${questionnaireId}`)).json().items).toEqual([]);
    const patch = await otherSponsor.patch(`/api/feasibility/questionnaires/${questionnaireId}`, { title: 'Mine now' }, ifMatch(2));
    expect(patch.statusCode).toBe(404);
  });
});

describe('questionnaires', () => {
  it('refuses a weighted free-text question and other bad rules, each with its pointer', async () => {
    const questions = questionOfEachKind();
    const bad = [
      { ...questions[0] },
      { ...questions[1], min: 30, max: 20 },
      questions[2],
      {
        ...questions[3],
        options: [
          { value: 'ecg', label: 'ECG', points: 0.5 },
          { value: 'ecg', label: 'ECG again', points: 1.5 },
        ],
      },
      { ...questions[4], weight: 5 },
    ];
    const response = await manager.post(`/api/studies/${a.study.id}/feasibility/questionnaires`, { title: 'Bad', questions: bad });
    expect(response.statusCode).toBe(400);
    const pointers = response.json().errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/questions/4/weight', '/questions/3/options/1/points']));
    const weightProblem = response.json().errors.find((e: { pointer: string }) => e.pointer === '/questions/4/weight');
    expect(weightProblem.detail).toContain('free-text');
    const rules = await manager.post(`/api/studies/${a.study.id}/feasibility/questionnaires`, {
      title: 'Rules',
      questions: [
        questions[0],
        { ...questions[1], min: 30, max: 20 },
        {
          ...questions[3],
          options: [
            { value: 'x', label: 'X', points: 1 },
            { value: 'x', label: 'Y', points: 0 },
          ],
        },
      ],
    });
    expect(rules.json().errors).toEqual([
      { pointer: '/questions/1/max', detail: 'Must not be below min.' },
      { pointer: '/questions/2/options/1/value', detail: 'Repeats another option.' },
    ]);
  });

  it('edits a draft with If-Match, freezes it once sent, and takes changes as a new revision', async () => {
    const studySite = await makeStudySite(t.database.db, a.study.id, (await makeSite(t.database.db)).id);
    const draft = (
      await manager.post(`/api/studies/${a.study.id}/feasibility/questionnaires`, { title: 'Draft', questions: questionOfEachKind() })
    ).json();
    const url = `/api/feasibility/questionnaires/${draft.id}`;
    expect((await manager.patch(url, { title: 'Renamed' })).statusCode).toBe(428);
    const renamed = await manager.patch(url, { title: 'Renamed' }, ifMatch(draft.version));
    expect(renamed.statusCode).toBe(200);
    expect((await manager.patch(url, { title: 'Stale' }, ifMatch(draft.version))).statusCode).toBe(412);
    const sent = await manager.post(`${url}/send`, { studySiteIds: [studySite.id] }, ifMatch(renamed.json().version));
    expect(sent.statusCode).toBe(201);

    const frozen = (await manager.get(url)).json();
    expect(frozen).toMatchObject({ status: 'sent', title: 'Renamed' });
    const refused = await manager.patch(url, { questions: questionOfEachKind().slice(0, 2) }, ifMatch(frozen.version));
    expect(refused.statusCode).toBe(409);
    expect((await manager.get(url)).json().questions).toEqual(frozen.questions);

    const next = await manager.post(`/api/studies/${a.study.id}/feasibility/questionnaires`, {
      title: 'Renamed, second edition',
      supersedesId: draft.id,
      questions: questionOfEachKind().slice(0, 2),
    });
    expect(next.json()).toMatchObject({ revision: 2, supersedesId: draft.id, status: 'draft' });
    const trail = (await manager.get(`/api/audit?entityType=feasibility_questionnaire&entityId=${draft.id}`)).json().items;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'status_change']);
  });

  it('sends only to candidate sites of the study, naming each refused entry', async () => {
    const { db } = t.database;
    const candidate = await makeStudySite(db, a.study.id, (await makeSite(db)).id);
    const selected = await makeStudySite(db, a.study.id, (await makeSite(db)).id, { status: 'selected' });
    const elsewhere = await makeStudySite(db, (await makeStudy(db)).id, (await makeSite(db)).id);
    const questionnaire = await makeQuestionnaire(db, a.study.id);
    const response = await manager.post(
      `/api/feasibility/questionnaires/${questionnaire.id}/send`,
      { studySiteIds: [candidate.id, elsewhere.id, selected.id, candidate.id] },
      ifMatch(questionnaire.version),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { pointer: '/studySiteIds/1', detail: 'No such site in this study.' },
      { pointer: '/studySiteIds/2', detail: expect.stringContaining('this site is selected') },
      { pointer: '/studySiteIds/3', detail: 'This site has this questionnaire already.' },
    ]);
    // Nothing was sent: the questionnaire is still a draft.
    expect((await manager.get(`/api/feasibility/questionnaires/${questionnaire.id}`)).json().status).toBe('draft');
    const coordinator = await makeUser(db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }]);
    const bySite = await client(t.app, coordinator.cookie).post(
      `/api/feasibility/questionnaires/${questionnaire.id}/send`,
      { studySiteIds: [candidate.id] },
      ifMatch(1),
    );
    expect(bySite.statusCode).toBe(403);
  });
});

describe('answering', () => {
  it('checks types on save and required answers on submit, each problem at /answers/<questionId>', async () => {
    const { db } = t.database;
    const org = await makeOrganization(db, 'site');
    const site = await makeSite(db, { organizationId: org.id });
    const studySite = await makeStudySite(db, a.study.id, site.id);
    const cookie = (await makeUser(db, org.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: site.id }])).cookie;
    const coordinator = client(t.app, cookie);
    const { questionnaire, invitations } = await createAndSend([studySite.id]);
    const q: string[] = questionnaire.questions.map((question: { id: string }) => question.id);
    const url = `/api/feasibility/invitations/${invitations[0]?.id}`;

    const seen = await coordinator.get(url);
    expect(seen.json().view).toBe('site');
    // A site answers what is true, not what scores: no weights, expectations, ranges or points.
    expect(JSON.stringify(seen.json().questions)).not.toMatch(/weight|expected|falloff|points|"min"|"max"/);
    expect(seen.json().questions[1]).toMatchObject({ kind: 'number', unit: 'patients/month' });

    const stranger = randomUUID();
    const wrong = await put(
      t.app,
      cookie,
      `${url}/answers`,
      {
        answers: {
          [q[0] as string]: 'yes',
          [q[1] as string]: '12',
          [q[2] as string]: 'lots',
          [q[3] as string]: ['ecg', 'pet'],
          [stranger]: 1,
        },
      },
      { 'if-match': seen.headers.etag as string },
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      `/answers/${q[0]}`,
      `/answers/${q[1]}`,
      `/answers/${q[2]}`,
      `/answers/${q[3]}`,
      `/answers/${stranger}`,
    ]);

    const draft = await put(
      t.app,
      cookie,
      `${url}/answers`,
      { answers: { [q[0] as string]: true, [q[3] as string]: [] } },
      {
        'if-match': seen.headers.etag as string,
      },
    );
    expect(draft.statusCode).toBe(200);
    expect(draft.json().response).toMatchObject({ status: 'draft', answers: { [q[0] as string]: true } });
    // The sponsor sees the invitation but not a draft.
    const sponsorView = (await manager.get(url)).json();
    expect(sponsorView).toMatchObject({ view: 'sponsor', status: 'open', response: null });
    expect(sponsorView.questions[0]).toMatchObject({ weight: 20, expected: true });

    const incomplete = await coordinator.post(`${url}/submit`, {}, { 'if-match': draft.headers.etag as string });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors).toEqual([
      { pointer: `/answers/${q[1]}`, detail: 'Required.' },
      { pointer: `/answers/${q[2]}`, detail: 'Required.' },
    ]);
    expect((await coordinator.post(`${url}/submit`, {}, { 'if-match': seen.headers.etag as string })).statusCode).toBe(412);

    const complete = await put(
      t.app,
      cookie,
      `${url}/answers`,
      { answers: { [q[0] as string]: true, [q[1] as string]: 12, [q[2] as string]: 'some' } },
      {
        'if-match': draft.headers.etag as string,
      },
    );
    const submitted = await coordinator.post(`${url}/submit`, {}, { 'if-match': complete.headers.etag as string });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', response: { status: 'submitted' } });
    const late = await put(t.app, cookie, `${url}/answers`, { answers: {} }, { 'if-match': submitted.headers.etag as string });
    expect(late.statusCode).toBe(409);
    expect((await manager.get(url)).json().response.answers).toEqual({
      [q[0] as string]: true,
      [q[1] as string]: 12,
      [q[2] as string]: 'some',
    });
    // The sponsor never answers for a site.
    const bySponsor = await put(t.app, cookies.manager, `${url}/answers`, { answers: {} }, { 'if-match': '"1"' });
    expect(bySponsor.statusCode).toBe(403);
  });

  it('ranks equal scores by the earlier submission', async () => {
    const { db } = t.database;
    const [first, second] = [await makeSite(db), await makeSite(db)];
    const later = await makeStudySite(db, a.study.id, first.id);
    const earlier = await makeStudySite(db, a.study.id, second.id);
    const { questionnaire, invitations } = await createAndSend([later.id, earlier.id]);
    const q: string[] = questionnaire.questions.map((question: { id: string }) => question.id);
    const same = { [q[0] as string]: true, [q[1] as string]: 12, [q[2] as string]: 'some' };
    const admin = (await makeUser(db, a.sponsor.id, [{ role: 'platform_admin', scopeType: 'platform' }])).cookie;
    const submit = async (invitationId: string) => {
      await put(t.app, admin, `/api/feasibility/invitations/${invitationId}/answers`, { answers: same }, ifMatch(1));
      await client(t.app, admin).post(`/api/feasibility/invitations/${invitationId}/submit`, {}, ifMatch(2));
    };
    await submit(invitations[1]?.id as string);
    t.clock.advance(1_000);
    await submit(invitations[0]?.id as string);
    const items = (await manager.get(`/api/studies/${a.study.id}/feasibility/shortlist?questionnaireId=${questionnaire.id}`)).json().items;
    // 20 + 40 + 10 + 0 = 70 each.
    expect(items.map((e: { studySiteId: string; score: { final: number } }) => [e.studySiteId, e.score.final])).toEqual([
      [earlier.id, 70],
      [later.id, 70],
    ]);
  });
});
