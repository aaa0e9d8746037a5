import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, makeStudySite, makeTenant, makeUser, testPassword } from '../../../test/support/factories.js';
import { screenAndConsent, userContext } from '../../../test/support/participant-factories.js';
import { expectProblem, refusedWithoutChange } from '../../../test/support/problems.js';
import {
  insertReadyParticipants,
  makeRandomizationWorld,
  makeScheme,
  type RandomizationWorld,
} from '../../../test/support/randomization-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { localDateTime } from '../../platform/dates.js';
import { randomizeParticipant } from '../randomization/randomize-participant.js';

let t: TestApp;
let w: RandomizationWorld;
let as: Record<'manager' | 'cra' | 'coordinator' | 'investigator' | 'pharmacist' | 'outsider' | 'outsideCoordinator', Client>;

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const hours = (n: number) => n * 60 * 60 * 1000;
const armWords = ['ACTIVE', 'PLACEBO', 'Study drug 10 mg', 'Placebo'];

const aeBody = (overrides: Record<string, unknown> = {}) => ({
  verbatimTerm: 'Severe headache with vomiting',
  codedCode: '10019211',
  codedTerm: 'Headache',
  dictionaryName: 'MedDRA',
  dictionaryVersion: '27.1',
  onsetDate: '2026-02-20',
  resolutionDate: null,
  severityGrade: 3,
  serious: false,
  seriousCriteria: [],
  causality: 'related',
  expectedness: 'unexpected',
  referenceSafetyInfo: 'IB edition 7, 2026-01-10',
  actionTaken: 'interrupted',
  outcome: 'recovering',
  ...overrides,
});

const serious = (siteAwareAt: string, criteria: string[] = ['hospitalisation'], narrative = 'Admitted overnight for observation.') =>
  aeBody({ serious: true, seriousCriteria: criteria, siteAwareAt, narrative });

let participantId: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  w = await makeRandomizationWorld(db, t.clock.now());
  await makeScheme(db, w, { blinding: 'double' });
  const other = await makeTenant(db);
  const outsider = await makeUser(db, other.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: other.sponsor.id }]);
  const outsideCoordinator = await makeUser(db, other.siteOrg.id, [
    { role: 'study_coordinator', scopeType: 'site', scopeId: other.site.id },
  ]);
  const c = (cookie: string) => client(t.app, cookie);
  as = {
    manager: c(w.manager.cookie),
    cra: c(w.cra.cookie),
    coordinator: c(w.coordinator.cookie),
    investigator: c(w.investigator.cookie),
    pharmacist: c(w.pharmacist.cookie),
    outsider: c(outsider.cookie),
    outsideCoordinator: c(outsideCoordinator.cookie),
  };
  [participantId] = (await insertReadyParticipants(db, w, 1)) as [string];
});
afterAll(() => t.close());

async function recordSerious(siteAwareAt: string, criteria?: string[]) {
  const created = await as.coordinator.post(`/api/participants/${participantId}/adverse-events`, serious(siteAwareAt, criteria));
  expect(created.statusCode, created.body).toBe(201);
  return created.json().saeReportId as string;
}

async function report(reportId: string, caller: Client = as.coordinator) {
  const response = await caller.get(`/api/sae-reports/${reportId}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** Submits as the investigator, acknowledges as the sponsor at `sponsorAwareAt`, and decides SUSAR. */
async function toSusar(reportId: string, sponsorAwareAt: string) {
  let r = await report(reportId);
  const submitted = await as.investigator.post(`/api/sae-reports/${reportId}/submit`, { password: testPassword }, ifMatch(r.version));
  expect(submitted.statusCode, submitted.body).toBe(200);
  r = submitted.json();
  const acknowledged = await as.manager.post(`/api/sae-reports/${reportId}/acknowledge`, { sponsorAwareAt }, ifMatch(r.version));
  expect(acknowledged.statusCode, acknowledged.body).toBe(200);
  r = acknowledged.json();
  const assessed = await as.manager.post(
    `/api/sae-reports/${reportId}/assessment`,
    { expectedness: 'unexpected', causality: 'related', susar: true },
    ifMatch(r.version),
  );
  expect(assessed.statusCode, assessed.body).toBe(200);
  return assessed.json();
}

describe('adverse events', () => {
  it('are recorded and corrected by the site, read by everyone on the study by subject number only', async () => {
    const url = `/api/participants/${participantId}/adverse-events`;
    const created = await as.coordinator.post(url, aeBody());
    expect(created.statusCode, created.body).toBe(201);
    const event = created.json();
    expect(event).toMatchObject({
      verbatimTerm: 'Severe headache with vomiting',
      severityGrade: 3,
      serious: false,
      saeReportId: null,
      version: 1,
    });
    const listed = await as.manager.get(url);
    expect(listed.json().items.map((e: { id: string }) => e.id)).toContain(event.id);
    expect(listed.json().items[0].subjectNumber).toMatch(/^T/);

    expect((await as.coordinator.put(`/api/adverse-events/${event.id}`, aeBody({ outcome: 'recovered' }), ifMatch(7))).statusCode).toBe(
      412,
    );
    const fixed = await as.coordinator.put(
      `/api/adverse-events/${event.id}`,
      aeBody({ outcome: 'recovered', resolutionDate: '2026-02' }),
      ifMatch(1),
    );
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ outcome: 'recovered', resolutionDate: '2026-02', version: 2 });
    const trail = await as.cra.get(`/api/audit?entityType=adverse_event&entityId=${event.id}`);
    expect(
      trail
        .json()
        .items.map((i: { action: string }) => i.action)
        .sort(),
    ).toEqual(['create', 'update']);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const url = `/api/participants/${participantId}/adverse-events`;
    const future = new Date(t.clock.now().getTime() + hours(2)).toISOString();
    const before = (await as.coordinator.get(url)).json().items.length;
    await refusedWithoutChange(t.database.db, w.coordinator.user.id, [
      async () =>
        void expectProblem(await as.coordinator.post(url, aeBody({ onsetDate: '2026-02-20', resolutionDate: '2026-02-19' })), 400, [
          '/resolutionDate',
        ]),
      async () =>
        void expectProblem(await as.coordinator.post(url, aeBody({ onsetDate: '2026-03', resolutionDate: '2026-02' })), 400, [
          '/resolutionDate',
        ]),
      async () => void expectProblem(await as.coordinator.post(url, aeBody({ onsetDate: '2026-02-30' })), 400, ['/onsetDate']),
      async () => void expectProblem(await as.coordinator.post(url, aeBody({ severityGrade: 6 })), 400, ['/severityGrade']),
      async () =>
        void expectProblem(await as.coordinator.post(url, aeBody({ serious: true, siteAwareAt: '2026-02-21T10:00:00Z' })), 400, [
          '/seriousCriteria',
        ]),
      async () =>
        void expectProblem(await as.coordinator.post(url, aeBody({ serious: true, seriousCriteria: ['death'] })), 400, ['/siteAwareAt']),
      async () => void expectProblem(await as.coordinator.post(url, serious(future)), 400, ['/siteAwareAt']),
      async () => void expectProblem(await as.coordinator.post(url, aeBody({ causality: 'possibly' })), 400, ['/causality']),
      async () =>
        void expectProblem(await as.coordinator.post(url, aeBody({ referenceDocumentId: crypto.randomUUID() })), 400, [
          '/referenceDocumentId',
        ]),
      async () => void expectProblem(await as.coordinator.post(url, '{"verbatimTerm":'), 400),
    ]);
    expect((await as.coordinator.get(url)).json().items.length).toBe(before);
  });

  it('answers 404 to another tenant and 403 to a role that may not write', async () => {
    const url = `/api/participants/${participantId}/adverse-events`;
    expectProblem(await as.outsideCoordinator.get(url), 404);
    expectProblem(await as.outsideCoordinator.post(url, aeBody()), 404);
    expectProblem(await as.cra.post(url, aeBody()), 403);
    const reportId = await recordSerious(new Date(t.clock.now().getTime() - hours(1)).toISOString());
    expectProblem(await as.outsider.get(`/api/sae-reports/${reportId}`), 404);
    expect((await as.outsider.get('/api/sae-reports')).json().items).toEqual([]);
  });

  it('never shows a sponsor-side reader who the participant is', async () => {
    const page = await screenAndConsent(t.database.db, w, {
      identity: { fullName: 'Quentin Quill', dateOfBirth: '1961-07-08', phone: '+1 312 555 0199', email: 'quentin@example.org' },
    });
    const url = `/api/participants/${page.participant.id}/adverse-events`;
    const created = await as.coordinator.post(url, serious(new Date(t.clock.now().getTime() - hours(2)).toISOString()));
    expect(created.statusCode, created.body).toBe(201);
    for (const caller of [as.manager, as.cra]) {
      for (const path of [url, `/api/sae-reports/${created.json().saeReportId}`, '/api/sae-reports']) {
        const body = (await caller.get(path)).body;
        for (const word of ['Quentin', 'Quill', '1961-07-08', '555 0199', 'quentin@']) expect(body).not.toContain(word);
      }
    }
  });
});

describe('the site-to-sponsor clock', () => {
  it('runs 24 elapsed hours from the awareness, across the daylight-saving change at the site', async () => {
    // Chicago springs forward on 2026-03-08: 10:30 CST the day before is due 11:30 CDT, 24 hours later.
    const reportId = await recordSerious('2026-03-07T16:30:00Z');
    const r = await report(reportId);
    expect(r.siteClock).toMatchObject({ kind: 'site', dueAt: '2026-03-08T16:30:00.000Z', status: 'overdue', timeZone: 'America/Chicago' });
    expect(localDateTime(new Date(r.siteAwareAt), 'America/Chicago')).toBe('2026-03-07T10:30');
    expect(localDateTime(new Date(r.siteClock.dueAt), 'America/Chicago')).toBe('2026-03-08T11:30');
  });

  it('is due, due soon within 4 hours, overdue after, and met by the signed submission', async () => {
    const now = t.clock.now().getTime();
    const due = await report(await recordSerious(new Date(now - hours(19)).toISOString()));
    expect(due.siteClock.status).toBe('due');
    const soon = await report(await recordSerious(new Date(now - hours(21)).toISOString()));
    expect(soon.siteClock.status).toBe('due_soon');
    const late = await report(await recordSerious(new Date(now - hours(25)).toISOString()));
    expect(late.siteClock.status).toBe('overdue');

    // The coordinator may not sign; a wrong password signs nothing; the investigator submits.
    expectProblem(await as.coordinator.post(`/api/sae-reports/${soon.id}/submit`, { password: testPassword }, ifMatch(soon.version)), 403);
    expectProblem(await as.investigator.post(`/api/sae-reports/${soon.id}/submit`, { password: 'wrong' }, ifMatch(soon.version)), 400, [
      '/password',
    ]);
    const submitted = await as.investigator.post(`/api/sae-reports/${soon.id}/submit`, { password: testPassword }, ifMatch(soon.version));
    expect(submitted.statusCode, submitted.body).toBe(200);
    const met = submitted.json();
    expect(met.siteClock.status).toBe('met');
    expect(met.siteClock.metAt).toBe(t.clock.now().toISOString().slice(0, 13) + met.siteClock.metAt.slice(13));
    expect(met.versions[0]).toMatchObject({
      number: 1,
      kind: 'initial',
      signature: { meaning: 'responsibility', valid: true, signerUserId: w.investigator.user.id },
    });

    // The study's sponsor side is told, in-app, without an arm.
    const inbox = await as.manager.get('/api/notifications/messages');
    const notice = inbox.json().items.find((m: { entityId: string }) => m.entityId === soon.id);
    expect(notice).toMatchObject({ kind: 'sae_submitted' });
    for (const word of armWords) expect(JSON.stringify(notice)).not.toContain(word);
  });

  it('follows the study setting for reports opened after it changes', async () => {
    const settingsUrl = `/api/studies/${w.study.id}/safety-settings`;
    expect((await as.manager.get(settingsUrl)).json()).toMatchObject({ siteReportHours: 24, version: 0 });
    expectProblem(await as.coordinator.put(settingsUrl, { siteReportHours: 48 }, ifMatch(0)), 403);
    expectProblem(await as.manager.put(settingsUrl, { siteReportHours: 0 }, ifMatch(0)), 400, ['/siteReportHours']);
    const saved = await as.manager.put(settingsUrl, { siteReportHours: 48, countryRules: [] }, ifMatch(0));
    expect(saved.statusCode, saved.body).toBe(200);
    const r = await report(await recordSerious('2026-03-07T16:30:00Z'));
    expect(r.siteClock.dueAt).toBe('2026-03-09T16:30:00.000Z');
    const back = await as.manager.put(settingsUrl, { siteReportHours: 24, countryRules: [] }, ifMatch(1));
    expect(back.statusCode, back.body).toBe(200);
  });
});

describe('the SUSAR clocks', () => {
  it('give a fatal or life-threatening SUSAR 7 days and the complete report day 15, counted in the country zone across DST', async () => {
    // 23:30 CST on 28 February is already 1 March in UTC: day 0 is the site country's 28 February.
    const reportId = await recordSerious('2026-02-28T20:00:00Z', ['life_threatening']);
    const r = await toSusar(reportId, '2026-03-01T05:30:00Z');
    expect(r).toMatchObject({ susar: true, fatalOrLifeThreatening: true });
    const byKind = Object.fromEntries(r.regulatoryClocks.map((c: { kind: string }) => [c.kind, c]));
    expect(byKind.expedited).toMatchObject({
      country: 'US',
      dayZero: '2026-02-28',
      dueDays: 7,
      dueAt: '2026-03-08T05:59:59.999Z',
      status: 'overdue',
    });
    // Day 15 ends after the change to CDT: an hour earlier in UTC.
    expect(byKind.completion).toMatchObject({ dayZero: '2026-02-28', dueDays: 15, dueAt: '2026-03-16T04:59:59.999Z' });
  });

  it('start day 0 at the local midnight, not a second before', async () => {
    const before = await toSusar(await recordSerious('2026-02-28T20:00:00Z', ['death']), '2026-03-01T05:59:59Z');
    const after = await toSusar(await recordSerious('2026-02-28T20:00:00Z', ['death']), '2026-03-01T06:00:00Z');
    const expedited = (r: { regulatoryClocks: { kind: string; dayZero: string; dueAt: string }[] }) =>
      r.regulatoryClocks.find((c) => c.kind === 'expedited');
    expect(expedited(before)).toMatchObject({ dayZero: '2026-02-28', dueAt: '2026-03-08T05:59:59.999Z' });
    expect(expedited(after)).toMatchObject({ dayZero: '2026-03-01', dueAt: '2026-03-09T04:59:59.999Z' });
  });

  it('give other SUSARs 15 days, per-country overrides in force, and record the submission that meets them', async () => {
    const db = t.database.db;
    const berlin = await makeSite(db, { organizationId: w.siteOrg.id, country: 'DE', timeZone: 'Europe/Berlin', city: 'Berlin' });
    await makeStudySite(db, w.study.id, berlin.id);
    const settingsUrl = `/api/studies/${w.study.id}/safety-settings`;
    const current = (await as.manager.get(settingsUrl)).json();
    const rules = { siteReportHours: 24, countryRules: [{ country: 'DE', fatalDays: 7, completionDays: 8, otherDays: 10 }] };
    expect((await as.manager.put(settingsUrl, rules, ifMatch(current.version))).statusCode).toBe(200);

    // US clocks change to CST on 1 November; Berlin to CET on 25 October.
    const reportId = await recordSerious('2026-10-20T08:00:00Z', ['hospitalisation']);
    const r = await toSusar(reportId, '2026-10-20T12:00:00Z');
    expect(r.fatalOrLifeThreatening).toBe(false);
    const byCountry = Object.fromEntries(r.regulatoryClocks.map((c: { country: string }) => [c.country, c]));
    expect(r.regulatoryClocks.every((c: { kind: string }) => c.kind === 'expedited')).toBe(true);
    expect(byCountry.US).toMatchObject({
      dayZero: '2026-10-20',
      dueDays: 15,
      dueAt: '2026-11-05T05:59:59.999Z',
      timeZone: 'America/Chicago',
    });
    expect(byCountry.DE).toMatchObject({
      dayZero: '2026-10-20',
      dueDays: 10,
      dueAt: '2026-10-30T22:59:59.999Z',
      timeZone: 'Europe/Berlin',
    });

    const clock = byCountry.US;
    expectProblem(
      await as.coordinator.post(`/api/sae-clocks/${clock.id}/met`, { submissionReference: 'FDA-1' }, ifMatch(clock.version)),
      403,
    );
    expectProblem(
      await as.manager.post(
        `/api/sae-clocks/${clock.id}/met`,
        { submissionReference: 'FDA-1', metAt: '2099-01-01T00:00:00Z' },
        ifMatch(clock.version),
      ),
      400,
      ['/metAt'],
    );
    const met = await as.manager.post(
      `/api/sae-clocks/${clock.id}/met`,
      { submissionReference: 'FDA IND safety report 0042', metAt: '2026-11-02T15:00:00Z' },
      ifMatch(clock.version),
    );
    expect(met.statusCode, met.body).toBe(200);
    expect(met.json().regulatoryClocks.find((c: { country: string }) => c.country === 'US')).toMatchObject({
      status: 'met',
      metAt: '2026-11-02T15:00:00.000Z',
      submissionReference: 'FDA IND safety report 0042',
    });
    const trail = await as.cra.get(`/api/audit?entityType=sae_regulatory_clock&entityId=${clock.id}`);
    expect(trail.json().items[0]).toMatchObject({ action: 'status_change' });
  });

  it('refuses a SUSAR decision by a role that may not make it, an inconsistent one, and a follow-up on a closed report', async () => {
    const reportId = await recordSerious('2026-02-28T20:00:00Z');
    let r = await report(reportId);
    r = (await as.investigator.post(`/api/sae-reports/${reportId}/submit`, { password: testPassword }, ifMatch(r.version))).json();
    await refusedWithoutChange(t.database.db, w.investigator.user.id, [
      async () =>
        void expectProblem(
          await as.investigator.post(
            `/api/sae-reports/${reportId}/assessment`,
            { expectedness: 'unexpected', causality: 'related', susar: true },
            ifMatch(r.version),
          ),
          403,
        ),
    ]);
    const ack = async (body: object) => as.manager.post(`/api/sae-reports/${reportId}/acknowledge`, body, ifMatch(r.version));
    await refusedWithoutChange(t.database.db, w.manager.user.id, [
      async () => void expectProblem(await ack({ sponsorAwareAt: '2099-01-01T00:00:00Z' }), 400, ['/sponsorAwareAt']),
      async () => void expectProblem(await ack({ sponsorAwareAt: '2026-02-01T00:00:00Z' }), 400, ['/sponsorAwareAt']),
    ]);
    r = (await ack({ sponsorAwareAt: '2026-03-01T10:00:00Z' })).json();
    await refusedWithoutChange(t.database.db, w.manager.user.id, [
      async () =>
        void expectProblem(
          await as.manager.post(
            `/api/sae-reports/${reportId}/assessment`,
            { expectedness: 'expected', causality: 'related', susar: true },
            ifMatch(r.version),
          ),
          400,
          ['/susar'],
        ),
    ]);
    const decided = await as.manager.post(
      `/api/sae-reports/${reportId}/assessment`,
      { expectedness: 'expected', causality: 'related', susar: false },
      ifMatch(r.version),
    );
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ susar: false, regulatoryClocks: [] });
    r = decided.json();

    // A follow-up while the report is open is a new draft version; once closed, none.
    const followUp = await as.coordinator.post(
      `/api/sae-reports/${reportId}/follow-ups`,
      { narrative: 'Discharged on day 3.' },
      ifMatch(r.version),
    );
    expect(followUp.statusCode, followUp.body).toBe(200);
    r = followUp.json();
    expect(r.versions.map((v: { kind: string }) => v.kind)).toEqual(['initial', 'follow_up']);
    r = (await as.investigator.post(`/api/sae-reports/${reportId}/submit`, { password: testPassword }, ifMatch(r.version))).json();
    r = (await as.manager.post(`/api/sae-reports/${reportId}/close`, {}, ifMatch(r.version))).json();
    expect(r.status).toBe('closed');
    await refusedWithoutChange(t.database.db, w.coordinator.user.id, [
      async () =>
        void expectProblem(
          await as.coordinator.post(`/api/sae-reports/${reportId}/follow-ups`, { narrative: 'More.' }, ifMatch(r.version)),
          409,
          ['/status'],
        ),
    ]);
  });
});

describe('blinding', () => {
  it('shows the arm in an SAE report only to whoever may see it; the sponsor and the site stay blind', async () => {
    const db = t.database.db;
    const [id] = (await insertReadyParticipants(db, w, 1)) as [string];
    await randomizeParticipant(db, await userContext(db, w.coordinator.user.id, t.clock.now), id, { strata: {} });
    const created = await as.coordinator.post(`/api/participants/${id}/adverse-events`, serious('2026-02-28T20:00:00Z', ['death']));
    const reportId = created.json().saeReportId;
    const r = await toSusar(reportId, '2026-03-01T10:00:00Z');
    expect(r.arm).toBeNull();
    for (const caller of [as.manager, as.cra, as.coordinator, as.investigator]) {
      for (const path of [`/api/sae-reports/${reportId}`, '/api/sae-reports', `/api/participants/${id}/adverse-events`]) {
        const body = (await caller.get(path)).body;
        for (const word of armWords) expect(body, path).not.toContain(word);
      }
      expect((await caller.get(`/api/sae-reports/${reportId}`)).json().arm).toBeNull();
    }
    const history = (await as.manager.get(`/api/audit?entityType=sae_report&entityId=${reportId}`)).body;
    for (const word of armWords) expect(history).not.toContain(word);
    // The study's trail holds the safety records, named by subject number; the CRA reads it blind too.
    const trail = await as.cra.get(`/api/audit?studyId=${w.study.id}&entityType=sae_report&limit=200`);
    expect(trail.statusCode, trail.body).toBe(200);
    expect(trail.json().items.map((i: { entityId: string }) => i.entityId)).toContain(reportId);
    for (const word of armWords) expect(trail.body).not.toContain(word);
    // The unblinded pharmacist sees it; the investigator once they unblinded through the emergency path (audited).
    expect((await as.pharmacist.get(`/api/sae-reports/${reportId}`)).json().arm).toMatchObject({ code: expect.any(String) });
    const unblinded = await as.investigator.post(`/api/participants/${id}/emergency-unblinding`, {
      reason: 'SUSAR assessment needs the arm.',
      password: testPassword,
    });
    expect(unblinded.statusCode, unblinded.body).toBe(200);
    expect((await as.investigator.get(`/api/sae-reports/${reportId}`)).json().arm).toEqual(unblinded.json().arm);
    expect((await as.manager.get(`/api/sae-reports/${reportId}`)).json().arm).toBeNull();
  });
});

describe('the Safety list', () => {
  it("lists open reports across the caller's studies, the next deadline first", async () => {
    const items = (await as.manager.get('/api/sae-reports')).json().items as { nextDueAt: string | null; status: string }[];
    expect(items.length).toBeGreaterThan(3);
    expect(items.every((i) => i.status === 'open')).toBe(true);
    const dues = items.map((i) => i.nextDueAt ?? '9999');
    expect(dues).toEqual([...dues].sort());
  });
});
