// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, makeUser, testPassword } from '../../../test/support/factories.js';
import { makeParticipantWorld, type ParticipantWorld, screenAndConsent } from '../../../test/support/participant-factories.js';
import { approveIcf, makeIcfVersion } from '../../../test/support/protocol-factories.js';
import { makeStaffMember } from '../../../test/support/start-up-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
let w: ParticipantWorld;
let coordinator: Client;
let investigator: Client;
let manager: Client;
let cra: Client;
let stranger: Client;
let screen: string;

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const identity = { fullName: 'Zelda Quixotic-Hale', dateOfBirth: '1961-02-17', phone: '+1 312 555 0199', email: 'zelda.qh@example.org' };
const identifying = [identity.fullName, 'Quixotic', identity.dateOfBirth, identity.phone, identity.email];

beforeAll(async () => {
  t = await createTestApp();
  const { db } = t.database;
  w = await makeParticipantWorld(db, t.clock.now());
  coordinator = client(t.app, w.coordinator.cookie);
  investigator = client(t.app, w.investigator.cookie);
  const login = async (orgId: string, grant: Parameters<typeof makeUser>[2][number]) =>
    client(t.app, (await makeUser(db, orgId, [grant], t.clock.now())).cookie);
  manager = await login(w.sponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: w.sponsor.id });
  cra = await login(w.cro.id, { role: 'cra', scopeType: 'organization', scopeId: w.cro.id });
  const b = await makeTenant(db);
  stranger = await login(b.siteOrg.id, { role: 'study_coordinator', scopeType: 'site', scopeId: b.site.id });
  screen = `/api/studies/${w.study.id}/sites/${w.studySite.id}/participants`;
});
afterAll(() => t.close());

const consent = (participantId: string, body: Partial<{ icfVersionId: string; consentedAt: string; obtainedByPersonId: string }> = {}) =>
  coordinator.post(`/api/participants/${participantId}/consents`, {
    icfVersionId: w.icf.id,
    consentedAt: t.clock.now().toISOString(),
    obtainedByPersonId: w.coordinatorPerson.personId,
    ...body,
  });

async function auditRows(entityType: string, entityId: string) {
  return t.database.db
    .selectFrom('audit_events')
    .select(['action', 'changes', 'reason'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('seq')
    .execute();
}

describe('subject numbers', () => {
  it('follow the default format, then the study format set by the study manager', async () => {
    const settingsUrl = `/api/studies/${w.study.id}/participant-settings`;
    const settings = await manager.get(settingsUrl);
    expect(settings.json()).toEqual({ studyId: w.study.id, subjectNumberFormat: '{site}-{seq:3}', version: 0 });
    const first = await coordinator.post(screen, {});
    expect(first.statusCode).toBe(201);
    expect(first.json().subjectNumber).toMatch(new RegExp(`^${w.studySite.siteNumber}-\\d{3}$`));
    const firstSeq = Number(first.json().subjectNumber.split('-').at(-1));

    const put = (cookie: string, body: object, version: number) => client(t.app, cookie).put(settingsUrl, body, ifMatch(version));
    const managerCookie = (
      await makeUser(t.database.db, w.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: w.sponsor.id }])
    ).cookie;
    const noSeq = await put(managerCookie, { subjectNumberFormat: '{site}-{study}' }, 0);
    expect(noSeq.statusCode).toBe(400);
    expect(noSeq.json().errors[0].pointer).toBe('/subjectNumberFormat');
    expect((await put(managerCookie, { subjectNumberFormat: '{site}-{nope}-{seq:3}' }, 0)).statusCode).toBe(400);
    expect((await put(w.coordinator.cookie, { subjectNumberFormat: '{study}-{seq:4}' }, 0)).statusCode).toBe(403);
    const saved = await put(managerCookie, { subjectNumberFormat: '{study}/{site}/{seq:5}', reason: 'Sponsor convention' }, 0);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().version).toBe(1);
    expect((await put(managerCookie, { subjectNumberFormat: '{seq:2}' }, 0)).statusCode).toBe(412);

    const second = await coordinator.post(screen, {});
    const expected = `${w.study.shortName}/${w.studySite.siteNumber}/${String(firstSeq + 1).padStart(5, '0')}`;
    expect(second.json().subjectNumber).toBe(expected);
    expect(await auditRows('participant_settings', w.study.id)).toEqual([
      expect.objectContaining({ action: 'create', reason: 'Sponsor convention' }),
    ]);
    const created = await auditRows('participant', second.json().id);
    expect(created[0]).toMatchObject({ action: 'create' });
    expect(created[0]?.changes).toContainEqual({ field: 'subjectNumber', old: null, new: expected });
  });
});

describe('consent', () => {
  it('is refused when the person obtaining it is not validly delegated, with the reason from the log', async () => {
    const participant = (await coordinator.post(screen, { identity })).json();
    const nurse = await makeStaffMember(t.database.db, w.site.id, 'nurse', 'Nora Notdelegated');
    const refused = await consent(participant.id, { obtainedByPersonId: nurse.personId });
    expect(refused.statusCode).toBe(403);
    // In words, as the log names the task: never its code.
    expect(refused.json().detail).toContain('Not validly delegated to obtain informed consent on');
    expect(refused.json().detail).not.toContain('obtain_consent');
    expect(refused.json().errors).toEqual([{ pointer: '', detail: `Not on this site's delegation log for "Obtain informed consent".` }]);
    // The PI is on the staff but not delegated the task either.
    expect((await consent(participant.id, { obtainedByPersonId: w.pi.personId })).statusCode).toBe(403);
    const page = (await coordinator.get(`/api/participants/${participant.id}`)).json();
    expect(page.consents).toEqual([]);
    expect(page.participant.consentedOn).toBeNull();
  });

  it('records the initial consent on the version in force, with the form label and who obtained it', async () => {
    const participant = (await coordinator.post(screen, { identity })).json();
    const given = await consent(participant.id);
    expect(given.statusCode).toBe(201);
    const page = given.json();
    expect(page.participant.consentedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(page.consents).toEqual([
      expect.objectContaining({
        kind: 'initial',
        icfVersionId: w.icf.id,
        icfVersionLabel: w.icf.versionLabel,
        obtainedByPersonId: w.coordinatorPerson.personId,
        obtainedByName: 'Casey Coordinator',
      }),
    ]);
    expect(page.identity).toMatchObject({ fullName: identity.fullName, email: identity.email });
    expect(await auditRows('consent', page.consents[0].id)).toEqual([expect.objectContaining({ action: 'create' })]);
    // A second consent without a re-consent task is refused.
    expect((await consent(participant.id)).statusCode).toBe(409);
  });

  it('refuses a superseded consent form version, naming the field and the version in force; closes a re-consent task', async () => {
    const { db } = t.database;
    const world = await makeParticipantWorld(db, t.clock.now());
    const api = client(t.app, world.coordinator.cookie);
    const v2 = await makeIcfVersion(db, world.study.id, '2.0 dated 2025-06-01');
    await approveIcf(db, { studyId: world.study.id, studySiteId: world.studySite.id }, v2.id, world.day(-10), () => t.clock.now());
    const earlier = await screenAndConsent(db, world, { consentedAt: new Date(t.clock.now().getTime() - 20 * 86_400_000) });
    expect(earlier.consents[0]).toMatchObject({ kind: 'initial', icfVersionId: world.icf.id });

    const participant = (await api.post(`/api/studies/${world.study.id}/sites/${world.studySite.id}/participants`, {})).json();
    const superseded = await api.post(`/api/participants/${participant.id}/consents`, {
      icfVersionId: world.icf.id,
      consentedAt: t.clock.now().toISOString(),
      obtainedByPersonId: world.coordinatorPerson.personId,
    });
    expect(superseded.statusCode).toBe(400);
    expect(superseded.json().errors).toEqual([{ pointer: '/icfVersionId', detail: expect.stringContaining('2.0 dated 2025-06-01 is') }]);

    // The participant consented on 1.0 is asked to re-consent on 2.0: that consent closes the task.
    const task = await db
      .insertInto('reconsent_tasks')
      .values({ participant_id: earlier.participant.id, icf_version_id: v2.id, due_from: world.day(-10) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reconsent = await api.post(`/api/participants/${earlier.participant.id}/consents`, {
      icfVersionId: v2.id,
      consentedAt: t.clock.now().toISOString(),
      obtainedByPersonId: world.coordinatorPerson.personId,
    });
    expect(reconsent.statusCode).toBe(201);
    const consents = reconsent.json().consents;
    expect(consents.map((c: { kind: string }) => c.kind)).toEqual(['initial', 're_consent']);
    expect(reconsent.json().reconsentTasks).toEqual([
      expect.objectContaining({ id: task.id, status: 'done', consentId: consents[1].id, icfVersionLabel: '2.0 dated 2025-06-01' }),
    ]);
    expect(await auditRows('reconsent_task', task.id)).toEqual([expect.objectContaining({ action: 'status_change' })]);
  });
});

describe('eligibility', () => {
  it('is confirmed only by a delegated investigator signing, once every inclusion is met and no exclusion', async () => {
    const page = await screenAndConsent(t.database.db, w);
    const url = `/api/participants/${page.participant.id}`;
    const criteria = page.eligibility.criteria as { criterionId: string; kind: string; number: number }[];
    expect(criteria.map((c) => `${c.kind}${c.number}`)).toEqual(['inclusion1', 'inclusion2', 'exclusion1']);
    const [inc1, inc2, exc1] = criteria.map((c) => c.criterionId) as [string, string, string];
    const confirm = (api: Client, version: number, password = testPassword) =>
      api.post(`${url}/eligibility-confirmation`, { password }, ifMatch(version));

    const unanswered = await confirm(investigator, page.participant.version);
    expect(unanswered.statusCode).toBe(409);
    expect(unanswered.json().errors).toHaveLength(3);
    expect(unanswered.json().errors[0].detail).toContain('Inclusion 1 (Adults aged 18 to 75.): not answered.');

    const answered = await coordinator.post(`${url}/eligibility-answers`, {
      answers: [
        { criterionId: inc1, met: true },
        { criterionId: inc2, met: true },
        { criterionId: exc1, met: true, note: 'Pregnancy test positive' },
      ],
    });
    expect(answered.statusCode).toBe(200);
    const excluded = await confirm(investigator, answered.json().participant.version);
    expect(excluded.statusCode).toBe(409);
    expect(excluded.json().errors).toEqual([{ pointer: '', detail: 'Exclusion 1 (Pregnancy or breastfeeding.): met, which excludes.' }]);

    const foreign = await coordinator.post(`${url}/eligibility-answers`, { answers: [{ criterionId: w.study.id, met: true }] });
    expect(foreign.json().errors[0].pointer).toBe('/answers/0/criterionId');
    const fixed = await coordinator.post(`${url}/eligibility-answers`, {
      answers: [{ criterionId: exc1, met: false, note: 'Retested: negative' }],
    });
    const version = fixed.json().participant.version;

    expect((await confirm(coordinator, version)).statusCode).toBe(403);
    // An investigator at the site who is not delegated 'assess_eligibility' (the PI here).
    const notDelegated = await confirm(client(t.app, w.piUser.cookie), version);
    expect(notDelegated.statusCode).toBe(403);
    expect(notDelegated.json().detail).toContain('Not validly delegated to assess eligibility on');
    const wrong = await confirm(investigator, version, 'not my password');
    expect(wrong.json().errors).toEqual([{ pointer: '/password', detail: expect.stringContaining('not right') }]);
    expect((await confirm(investigator, version + 5)).statusCode).toBe(412);

    const confirmed = await confirm(investigator, version);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().eligibility).toMatchObject({ confirmedByUserId: w.investigator.user.id, confirmedAt: expect.any(String) });
    const signatures = await t.database.db
      .selectFrom('signatures')
      .select(['meaning', 'signer_user_id'])
      .where('entity_type', '=', 'participant')
      .where('entity_id', '=', page.participant.id)
      .execute();
    expect(signatures).toEqual([{ meaning: 'approval', signer_user_id: w.investigator.user.id }]);
    const rows = await auditRows('participant', page.participant.id);
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'update', 'update', 'update', 'sign']);
    expect((await coordinator.post(`${url}/eligibility-answers`, { answers: [{ criterionId: inc1, met: false }] })).statusCode).toBe(409);
  });
});

describe('status', () => {
  it('moves through screen failure, refuses impossible moves naming the status, and audits each with its reason', async () => {
    const page = await screenAndConsent(t.database.db, w);
    const url = `/api/participants/${page.participant.id}`;
    const status = (body: object, version: number) => coordinator.post(`${url}/status`, body, ifMatch(version));
    const early = await status({ status: 'on_treatment', reason: 'Started' }, page.participant.version);
    expect(early.statusCode).toBe(409);
    expect(early.json().errors).toEqual([{ pointer: '/status', detail: 'Current status: screening.' }]);
    expect(
      (await status({ status: 'screen_failed', on: '2099-01-01', reason: 'Labs' }, page.participant.version)).json().errors[0].pointer,
    ).toBe('/on');
    expect(
      (await coordinator.post(`${url}/status`, { status: 'screen_failed', on: page.participant.screenedOn, reason: 'x' })).statusCode,
    ).toBe(428);
    const failed = await status(
      { status: 'screen_failed', on: page.participant.screenedOn, reason: 'HbA1c out of range' },
      page.participant.version,
    );
    expect(failed.statusCode).toBe(200);
    expect(failed.json().participant).toMatchObject({ status: 'screen_failed', screenFailReason: 'HbA1c out of range' });
    const after = await status(
      { status: 'withdrawn', scope: 'study', on: page.participant.screenedOn, reason: 'x' },
      failed.json().participant.version,
    );
    expect(after.statusCode).toBe(409);
    expect(after.json().errors[0].detail).toBe('Current status: screen_failed.');
    const rows = await auditRows('participant', page.participant.id);
    expect(rows.at(-1)).toMatchObject({ action: 'status_change', reason: 'HbA1c out of range' });
    expect(rows.at(-1)?.changes).toContainEqual({ field: 'status', old: 'screening', new: 'screen_failed' });
  });

  it('moves an enrolled participant on treatment, to follow-up and to completion; withdrawal keeps scope and reason', async () => {
    const { db } = t.database;
    const enrolled = async () => {
      const page = await screenAndConsent(db, w);
      // Randomization is the randomization module's: enrol directly, as it would.
      await db
        .updateTable('participants')
        .set({ status: 'enrolled', enrolled_on: page.participant.screenedOn, randomization_number: 'R-1', version: 3 })
        .where('id', '=', page.participant.id)
        .execute();
      return page.participant;
    };
    const status = (id: string, body: object, version: number) =>
      coordinator.post(`/api/participants/${id}/status`, body, ifMatch(version));
    const p = await enrolled();
    const on = p.screenedOn;
    const treated = await status(p.id, { status: 'on_treatment', reason: 'First dose' }, 3);
    expect(treated.json().participant.status).toBe('on_treatment');
    expect(treated.json().randomization).toMatchObject({ number: 'R-1', arm: null });
    expect((await status(p.id, { status: 'on_treatment', reason: 'again' }, 4)).json().errors[0].detail).toBe(
      'Current status: on_treatment.',
    );
    const followUp = await status(p.id, { status: 'follow_up', reason: 'Treatment period over' }, 4);
    expect(followUp.json().participant.status).toBe('follow_up');
    const completed = await status(p.id, { status: 'completed', on }, 5);
    expect(completed.json().participant).toMatchObject({ status: 'completed', completedOn: on });
    expect((await status(p.id, { status: 'lost_to_follow_up', on, reason: 'x' }, 6)).statusCode).toBe(409);

    const q = await enrolled();
    const withdrawn = await status(q.id, { status: 'withdrawn', scope: 'treatment', on, reason: 'Adverse event' }, 3);
    expect(withdrawn.json().participant).toMatchObject({
      status: 'withdrawn',
      withdrawnOn: on,
      withdrawalScope: 'treatment',
      withdrawalReason: 'Adverse event',
    });
    const r = await enrolled();
    const lost = await status(r.id, { status: 'lost_to_follow_up', on, reason: 'Three calls unanswered' }, 3);
    expect(lost.json().participant).toMatchObject({ status: 'lost_to_follow_up', lostOn: on });
    expect((await auditRows('participant', r.id)).at(-1)).toMatchObject({ action: 'status_change', reason: 'Three calls unanswered' });
  });
});

describe('data protection and tenancy', () => {
  it('never shows identifying details to sponsor-side roles, nor lets them search by name', async () => {
    const page = await screenAndConsent(t.database.db, w, { identity });
    const candidates = `/api/studies/${w.study.id}/sites/${w.studySite.id}/prescreen-candidates`;
    const candidate = await coordinator.post(candidates, {
      source: 'referral',
      prescreenedOn: w.day(-1),
      outcome: 'declined',
      outcomeReason: 'Travel distance',
      identity,
    });
    expect(candidate.statusCode).toBe(201);
    expect(candidate.json().identity).toMatchObject({ fullName: identity.fullName });
    const siteSees = await coordinator.get(`/api/participants?q=quixotic&studyId=${w.study.id}`);
    const found = siteSees.json().items as { id: string; fullName: string }[];
    expect(found.map((p) => p.id)).toContain(page.participant.id);
    expect(found.every((p) => p.fullName === identity.fullName)).toBe(true);

    for (const api of [manager, cra]) {
      const responses = [
        await api.get(`/api/participants/${page.participant.id}`),
        await api.get(`/api/participants?studyId=${w.study.id}`),
        await api.get(`/api/participants?q=Quixotic`),
        await api.get(candidates),
        await api.get(`/api/studies/${w.study.id}/prescreening-summary`),
      ];
      for (const response of responses) {
        expect(response.statusCode).toBe(200);
        for (const text of identifying) expect(response.body).not.toContain(text);
      }
      expect(responses[0]?.json().identity).toBeUndefined();
      expect(responses[2]?.json().items).toEqual([]);
      expect(responses[4]?.json().reasons).toContainEqual({ outcome: 'declined', reason: 'Travel distance', count: 1 });
      const search = await api.get(`${candidates}?q=Quixotic`);
      expect(search.statusCode).toBe(403);
      expect(search.json().errors[0].pointer).toBe('querystring:/q');
    }
    const summary = (await manager.get(`/api/studies/${w.study.id}/prescreening-summary`)).json();
    expect(summary.bySite).toEqual([expect.objectContaining({ studySiteId: w.studySite.id, siteNumber: w.studySite.siteNumber })]);
    expect(summary.bySource).toContainEqual({ source: 'referral', count: 1 });

    // A role that may write participants but not identify them (the platform admin) may not send identities.
    const admin = client(t.app, (await makeUser(t.database.db, w.sponsor.id, [{ role: 'platform_admin', scopeType: 'platform' }])).cookie);
    expect((await admin.post(candidates, { source: 'registry', prescreenedOn: w.day(-1), identity })).statusCode).toBe(403);
    const pseudonymous = await admin.post(candidates, { source: 'registry', prescreenedOn: w.day(-1) });
    expect(pseudonymous.statusCode).toBe(201);
    expect(pseudonymous.json().identity).toBeUndefined();
    expect((await admin.post(screen, { identity })).statusCode).toBe(403);
    // The identity is audited as its own entity only.
    const participantAudit = JSON.stringify(await auditRows('participant', page.participant.id));
    for (const text of identifying) expect(participantAudit).not.toContain(text);
  });

  it("answers 404 for another tenant's participant", async () => {
    const page = await screenAndConsent(t.database.db, w);
    const url = `/api/participants/${page.participant.id}`;
    expect((await stranger.get(url)).statusCode).toBe(404);
    expect((await stranger.post(`${url}/status`, { status: 'on_treatment', reason: 'x' }, ifMatch(1))).statusCode).toBe(404);
    expect((await stranger.post(`${url}/eligibility-answers`, { answers: [{ criterionId: w.study.id, met: true }] })).statusCode).toBe(404);
    expect((await stranger.get(`/api/participants?q=${encodeURIComponent(page.participant.subjectNumber)}`)).json().items).toEqual([]);
    expect((await stranger.post(screen, {})).statusCode).toBe(404);
  });
});

describe('pre-screening', () => {
  it('screens a candidate: the identity carries over and the outcome becomes screened', async () => {
    const candidates = `/api/studies/${w.study.id}/sites/${w.studySite.id}/prescreen-candidates`;
    const candidate = (
      await coordinator.post(candidates, { source: 'advertisement', prescreenedOn: w.day(-1), identity: { fullName: 'Ada Applicant' } })
    ).json();
    const moved = await coordinator.patch(
      `/api/prescreen-candidates/${candidate.id}`,
      { outcome: 'to_screen' },
      ifMatch(candidate.version),
    );
    expect(moved.json()).toMatchObject({ outcome: 'to_screen', version: 2 });
    const screened = await coordinator.post(screen, { candidateId: candidate.id });
    expect(screened.statusCode).toBe(201);
    const page = (await coordinator.get(`/api/participants/${screened.json().id}`)).json();
    expect(page.identity.fullName).toBe('Ada Applicant');
    const list = (await coordinator.get(`${candidates}?q=applicant`)).json().items;
    expect(list).toEqual([
      expect.objectContaining({
        id: candidate.id,
        outcome: 'screened',
        participantId: screened.json().id,
        participantSubjectNumber: screened.json().subjectNumber,
      }),
    ]);
    expect((await coordinator.post(screen, { candidateId: candidate.id })).statusCode).toBe(409);
    expect((await auditRows('prescreen_candidate', candidate.id)).map((r) => r.action)).toEqual(['create', 'update', 'status_change']);
  });
});
