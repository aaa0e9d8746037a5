// @module-tag today
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DelegationWorld,
  makeDelegationEntry,
  makeDelegationWorld,
  makeTrainingRecord,
  pdfText,
} from '../../../test/support/delegation-factories.js';
import { makeUser, testPassword } from '../../../test/support/factories.js';
import { makeStaffMember } from '../../../test/support/start-up-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { AppError } from '../../platform/errors.js';
import { buildApp } from '../../platform/http/build-app.js';
import { domainModules } from '../index.js';
import { assertValidlyDelegated, evaluateDelegation } from './evaluate-delegation.js';

let t: TestApp;
let w: DelegationWorld;
let pi: Client;
let coordinator: Client;
let log: string;
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeDelegationWorld(t.database.db, t.clock.now());
  pi = client(t.app, w.piUser.cookie);
  coordinator = client(t.app, w.coordinator.cookie);
  log = `/api/studies/${w.study.id}/sites/${w.studySite.id}/delegation`;
});
afterAll(() => t.close());

/** A signed entry for a new person of the given role, with the training passed in. */
async function signedEntry(role: 'nurse' | 'sub_investigator', tasks: string[], training: (personId: string) => Promise<unknown>) {
  const staff = await makeStaffMember(t.database.db, w.site.id, role, `Nurse ${Math.random().toString(36).slice(2, 7)}`);
  await training(staff.personId);
  const entry = await makeDelegationEntry(
    t.database.db,
    { studyId: w.study.id, studySiteId: w.studySite.id },
    { personId: staff.personId, tasks },
  );
  const signed = await pi.post(`${log}/${entry.id}/sign`, { password: testPassword }, { 'if-match': `"${entry.version}"` });
  expect(signed.statusCode).toBe(200);
  return { staff, entry: signed.json() };
}

describe('validity over time', () => {
  it('turns an entry invalid the day a required training expires, naming it and the date', async () => {
    const gcpExpiry = w.day(10);
    const { staff, entry } = await signedEntry('nurse', ['obtain_consent'], async (personId) => {
      await makeTrainingRecord(t.database.db, personId, { kind: 'gcp', completedOn: w.day(-1085), expiresOn: gcpExpiry });
      await makeTrainingRecord(t.database.db, personId, {
        kind: 'protocol',
        studyId: w.study.id,
        protocolVersion: '2.0',
        completedOn: w.day(-5),
      });
    });
    expect(entry).toMatchObject({ valid: true, reasons: [] });
    const lastDay = (await coordinator.get(`${log}?personId=${staff.personId}&on=${gcpExpiry}`)).json().items[0];
    expect(lastDay.valid).toBe(true);
    const after = (await coordinator.get(`${log}/${entry.id}?on=${w.day(11)}`)).json();
    expect(after).toMatchObject({ valid: false, reasons: [`GCP training expired on ${gcpExpiry}.`], asOf: w.day(11) });

    // The same, on the clock: twelve days on (eleven at least at the site, whose day the log is
    // judged on and which may be a day behind UTC), today's view of the log says so with no job run.
    t.clock.advance(12 * day);
    try {
      const later = client(
        t.app,
        (await makeUser(t.database.db, w.siteOrg.id, [{ role: 'cra', scopeType: 'site', scopeId: w.site.id }], t.clock.now())).cookie,
      );
      const today = (await later.get(`${log}?personId=${staff.personId}`)).json();
      expect(today.items[0]).toMatchObject({ valid: false, reasons: [`GCP training expired on ${gcpExpiry}.`] });
      const check = await later.get(`${log}/check?personId=${staff.personId}&task=obtain_consent`);
      expect(check.json()).toEqual({ valid: false, reasons: [`GCP training expired on ${gcpExpiry}.`] });
    } finally {
      t.clock.advance(-12 * day);
    }
  });

  it('gives each reason: dates, missing training at the required version, licence, staff role', async () => {
    const { staff, entry } = await signedEntry('nurse', ['obtain_consent', 'dispense_study_drug'], async (personId) => {
      await makeTrainingRecord(t.database.db, personId, { kind: 'gcp', completedOn: w.day(-100) });
      await makeTrainingRecord(t.database.db, personId, {
        kind: 'protocol',
        studyId: w.study.id,
        protocolVersion: '1.0',
        completedOn: w.day(-400),
      });
    });
    expect(entry.valid).toBe(false);
    expect(entry.reasons).toEqual([
      'Training on protocol version 2.0 is missing.',
      'No professional licence on file (needed for: Dispense study drug).',
    ]);
    expect(entry.taskValidity.find((v: { code: string }) => v.code === 'dispense_study_drug').reasons).toEqual([
      'Training on protocol version 2.0 is missing.',
      'No professional licence on file.',
    ]);
    const early = await evaluateDelegation(t.database.db, {
      studySiteId: w.studySite.id,
      personId: staff.personId,
      task: 'obtain_consent',
      on: '2024-12-31',
    });
    expect(early.reasons).toContain('Starts on 2025-01-01; not in effect on 2024-12-31.');
    await t.database.db
      .updateTable('site_staff')
      .set({ end_date: w.day(-1) })
      .where('person_id', '=', staff.personId)
      .execute();
    const gone = await evaluateDelegation(t.database.db, {
      studySiteId: w.studySite.id,
      personId: staff.personId,
      task: 'obtain_consent',
      on: w.today,
    });
    expect(gone.reasons).toContain(`${staff.personName} holds no role on this site's staff on ${w.today}.`);
  });
});

describe('the guard other modules call', () => {
  it('passes a validly delegated person and refuses everyone else with the reasons', async () => {
    const { db } = t.database;
    const entry = await makeDelegationEntry(
      db,
      { studyId: w.study.id, studySiteId: w.studySite.id },
      { personId: w.subI.personId, tasks: ['assess_eligibility'] },
    );
    const question = { studySiteId: w.studySite.id, personId: w.subI.personId, task: 'assess_eligibility', on: w.today };
    const unsigned = await assertValidlyDelegated(db, question).catch((e: unknown) => e);
    expect(unsigned).toBeInstanceOf(AppError);
    expect(unsigned).toMatchObject({ status: 403, errors: [{ pointer: '', detail: 'Not signed by the principal investigator.' }] });
    await pi.post(`${log}/${entry.id}/sign`, { password: testPassword }, { 'if-match': `"${entry.version}"` });
    await expect(assertValidlyDelegated(db, question)).resolves.toBeUndefined();

    const notOnLog = await assertValidlyDelegated(db, { ...question, task: 'dispense_study_drug' }).catch((e: AppError) => e);
    expect(notOnLog).toMatchObject({
      status: 403,
      message: expect.stringContaining('Not on this site\'s delegation log for "Dispense study drug".'),
    });
    const unknown = await evaluateDelegation(db, { ...question, task: 'juggle' });
    expect(unknown).toEqual({ valid: false, reasons: ['"juggle" is not a task of this study\'s delegation log.'] });
    const pi2 = await assertValidlyDelegated(db, { ...question, personId: undefined as never, userId: w.piUser.user.id }).catch(
      (e: AppError) => e,
    );
    expect(pi2).toMatchObject({ status: 403 });
  });

  it('answers through the API as a 403 problem whose detail gives the reasons', async () => {
    // A stand-in for the participant module: one route that consents only when validly delegated.
    const consentRoute = (app: FastifyInstance) =>
      app.post('/api/test-consent/:studySiteId/:personId', { config: { permission: 'delegation.read' } }, async (request) => {
        const { studySiteId, personId } = request.params as { studySiteId: string; personId: string };
        await assertValidlyDelegated(app.database.db, { studySiteId, personId, task: 'obtain_consent', on: w.today });
        return { consented: true };
      });
    const app = await buildApp({
      database: t.database,
      now: t.clock.now,
      modules: [...domainModules({ secureCookies: false }), { name: 'test-consent', routes: [consentRoute] }],
    });
    await app.ready();
    try {
      const api = client(app, w.coordinator.cookie);
      const nurse = await makeStaffMember(t.database.db, w.site.id, 'nurse');
      const refused = await api.post(`/api/test-consent/${w.studySite.id}/${nurse.personId}`);
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().detail).toBe(
        `Not validly delegated to obtain informed consent on ${w.today}: Not on this site's delegation log for "Obtain informed consent".`,
      );
      const { entry } = await signedEntry('sub_investigator', ['obtain_consent'], async (personId) => {
        await makeTrainingRecord(t.database.db, personId, { kind: 'gcp', completedOn: w.day(-10) });
        await makeTrainingRecord(t.database.db, personId, {
          kind: 'protocol',
          studyId: w.study.id,
          protocolVersion: '2.0',
          completedOn: w.day(-10),
        });
      });
      expect((await api.post(`/api/test-consent/${w.studySite.id}/${entry.personId}`)).json()).toEqual({ consented: true });
    } finally {
      await app.close();
    }
  });
});

describe('the PDF a monitor files', () => {
  it('holds the study, site, PI, each entry with its validity and signatures, and the content hash', async () => {
    const entry = await makeDelegationEntry(
      t.database.db,
      { studyId: w.study.id, studySiteId: w.studySite.id },
      { personId: w.subI.personId, tasks: ['enter_data'] },
    );
    await pi.post(`${log}/${entry.id}/sign`, { password: testPassword }, { 'if-match': '"1"' });
    const exported = await coordinator.get(`${log}/export.pdf`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('application/pdf');
    expect(exported.headers['content-disposition']).toContain('attachment; filename="delegation-log-');
    expect(exported.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(exported.rawPayload);
    for (const expected of [
      'Delegation of Authority Log',
      w.study.protocolNumber,
      'Principal investigator: Dr. Paula Principal',
      'Dr. Sami Subinvestigator (Sub-investigator)',
      'Tasks: Enter data in the eCRF',
      `Signed by ${w.piUser.user.fullName}`,
      'meaning: approval',
      `Log content SHA-256: ${exported.headers['x-content-sha256']}`,
      'Page 1 of 1',
    ]) {
      expect(text).toContain(expected);
    }
    const again = await coordinator.get(`${log}/export.pdf`);
    expect(again.headers['x-content-sha256']).toBe(exported.headers['x-content-sha256']);
  });
});
