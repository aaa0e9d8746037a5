// @module-tag today
import { readdir } from 'node:fs/promises';
import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, makeUser } from '../../../test/support/factories.js';
import { makeParticipantWorld, type ParticipantWorld } from '../../../test/support/participant-factories.js';
import { expectProblem } from '../../../test/support/problems.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { buildApp } from '../../platform/http/build-app.js';
import { domainModules } from '../index.js';

let t: TestApp;
let w: ParticipantWorld;
let coordinator: Client;
let otherTenantCoordinator: Client;
let url: string;

const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\r\n');

/** One enrolled participant with visits done, one screen failure (the synchronous import's test file). */
function participantsFile(prefix: string, enrolledOn = () => w.day(-40)) {
  const d = w.day;
  return csv([
    [
      'subject_number',
      'status',
      'screened_on',
      'consented_on',
      'icf_version',
      'consent_obtained_by',
      'enrolled_on',
      'screen_failed_on',
      'screen_fail_reason',
    ],
    [`${prefix}-001`, 'on_treatment', d(-50), d(-50), '1.0 dated 2025-01-01', 'casey@site.example', enrolledOn(), '', ''],
    [`${prefix}-002`, 'screen_failed', d(-45), d(-45), '1.0 dated 2025-01-01', 'casey@site.example', '', d(-44), 'HbA1c above range'],
  ]);
}
const visitsFile = (prefix: string) =>
  csv([
    ['subject_number', 'visit_code', 'status', 'actual_date'],
    [`${prefix}-001`, 'BL', 'completed', w.day(-40)],
    [`${prefix}-001`, 'W4', 'completed', w.day(-12)],
  ]);
/** Many participants in screening: enough work that a cancel arrives before the commit. */
const screeningFile = (prefix: string, n: number) =>
  csv([
    ['subject_number', 'status', 'screened_on'],
    ...Array.from({ length: n }, (_, i) => [`${prefix}-${String(i + 1).padStart(4, '0')}`, 'screening', w.day(-10)]),
  ]);

function form(files: { participants?: string | Buffer; visits?: string }, fields: Record<string, string> = {}) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  const part = (content: string | Buffer) =>
    new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type: 'text/csv' });
  if (files.participants !== undefined) body.append('participants', part(files.participants), 'participants.csv');
  if (files.visits !== undefined) body.append('visits', part(files.visits), 'visits.csv');
  return body;
}

/** Polls the job until it has ended, as the web page does. */
async function ended(api: Client, jobId: string) {
  for (;;) {
    const response = await api.get(`/api/participant-imports/${jobId}`);
    expect(response.statusCode, response.body).toBe(200);
    const job = response.json();
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    await pause(20);
  }
}

async function participantsNumbered(prefix: string) {
  const rows = await t.database.db
    .selectFrom('participants')
    .select('subject_number')
    .where('study_id', '=', w.study.id)
    .where('subject_number', 'like', `${prefix}-%`)
    .execute();
  return rows.length;
}

/** The jobs' folders in this app's own staging folder: other test files' imports are not counted. */
async function uploadFolders() {
  return (await readdir(t.app.uploadStagingDir)).length;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  w = await makeParticipantWorld(db, t.clock.now());
  await db.updateTable('people').set({ email: 'casey@site.example' }).where('id', '=', w.coordinatorPerson.personId).execute();
  coordinator = client(t.app, w.coordinator.cookie);
  const other = await makeTenant(db);
  otherTenantCoordinator = client(
    t.app,
    (await makeUser(db, other.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: other.site.id }])).cookie,
  );
  url = `/api/studies/${w.study.id}/sites/${w.studySite.id}/participant-imports`;
});
afterAll(() => t.close());

describe('participant imports as jobs', () => {
  it('accepts the files (202 and the job), runs the import and reports its counts', async () => {
    const folders = await uploadFolders();
    const accepted = await coordinator.post(url, form({ participants: participantsFile('JOB'), visits: visitsFile('JOB') }));
    expect(accepted.statusCode, accepted.body).toBe(202);
    const job = accepted.json();
    expect(accepted.headers.location).toBe(`/api/participant-imports/${job.id}`);
    expect(job).toMatchObject({ studyId: w.study.id, studySiteId: w.studySite.id, dryRun: false, result: null, problem: null });
    const done = await ended(coordinator, job.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      rowsTotal: 4,
      rowsChecked: 4,
      rowsWritten: 4,
      result: { dryRun: false, participants: 2, consents: 2, visitsRecorded: 2, subjectNumbers: ['JOB-001', 'JOB-002'] },
      problem: null,
    });
    expect(done.finishedAt).toEqual(expect.any(String));
    expect(await participantsNumbered('JOB')).toBe(2);
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('entity_type', '=', 'participant_import_job')
      .where('entity_id', '=', job.id)
      .orderBy('seq')
      .execute();
    expect(audited).toEqual([
      { action: 'create', actor_user_id: w.coordinator.user.id },
      { action: 'status_change', actor_user_id: w.coordinator.user.id },
    ]);
    // The uploaded files are deleted once the job has ended.
    expect(await uploadFolders()).toBe(folders);
  });

  it('a dry run succeeds with its counts and writes nothing', async () => {
    const accepted = await coordinator.post(url, form({ participants: participantsFile('DRY') }, { dryRun: 'true' }));
    expect(accepted.statusCode, accepted.body).toBe(202);
    const done = await ended(coordinator, accepted.json().id);
    expect(done).toMatchObject({ status: 'succeeded', dryRun: true, result: { dryRun: true, participants: 2, consents: 2 } });
    expect(await participantsNumbered('DRY')).toBe(0);
  });

  it('fails with the 400 problem of the synchronous import, its errors by file, row and column, and writes nothing', async () => {
    const accepted = await coordinator.post(url, form({ participants: participantsFile('BAD', () => 'not a date') }));
    expect(accepted.statusCode, accepted.body).toBe(202);
    const done = await ended(coordinator, accepted.json().id);
    expect(done).toMatchObject({ status: 'failed', result: null, problem: { status: 400, title: 'Bad Request' } });
    expect(done.problem.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ pointer: '/participantsCsv', row: 2, column: 'enrolled_on' })]),
    );
    expect(await participantsNumbered('BAD')).toBe(0);
  });

  it('is cancelled before it commits: nothing of it is written', async () => {
    const accepted = await coordinator.post(url, form({ participants: screeningFile('CAN', 300) }));
    expect(accepted.statusCode, accepted.body).toBe(202);
    const jobId = accepted.json().id;
    const cancel = await coordinator.post(`/api/participant-imports/${jobId}/cancel`);
    expect(cancel.statusCode, cancel.body).toBe(202);
    const done = await ended(coordinator, jobId);
    expect(done).toMatchObject({ status: 'cancelled', rowsWritten: 0, result: null });
    expect(await participantsNumbered('CAN')).toBe(0);
    const cancelRequest = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'changes'])
      .where('entity_type', '=', 'participant_import_job')
      .where('entity_id', '=', jobId)
      .where('action', '=', 'update')
      .execute();
    expect(cancelRequest).toHaveLength(1);
    // Once ended, it cannot be cancelled again into another state; a finished import answers 409.
    expect((await coordinator.post(`/api/participant-imports/${jobId}/cancel`)).statusCode).toBe(202);
  });

  it('answers 409 to cancelling an import that has already succeeded', async () => {
    const accepted = await coordinator.post(url, form({ participants: screeningFile('FIN', 3) }));
    const done = await ended(coordinator, accepted.json().id);
    expect(done.status).toBe('succeeded');
    expectProblem(await coordinator.post(`/api/participant-imports/${done.id}/cancel`), 409);
  });

  it("is another tenant's: 404 to read, to cancel, and to upload to its study-site", async () => {
    const accepted = await coordinator.post(url, form({ participants: screeningFile('TEN', 2) }));
    const jobId = accepted.json().id;
    await ended(coordinator, jobId);
    expectProblem(await otherTenantCoordinator.get(`/api/participant-imports/${jobId}`), 404);
    expectProblem(await otherTenantCoordinator.post(`/api/participant-imports/${jobId}/cancel`), 404);
    expectProblem(await otherTenantCoordinator.post(url, form({ participants: screeningFile('TEN2', 2) })), 404);
    expect(await participantsNumbered('TEN2')).toBe(0);
  });

  it('refuses a form without the participants file, a file that is not CSV, and a bad dryRun, naming the field', async () => {
    const folders = await uploadFolders();
    expectProblem(await coordinator.post(url, form({ visits: visitsFile('MIS') })), 400, ['/participants']);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]);
    expectProblem(await coordinator.post(url, form({ participants: zip })), 400, ['/participants']);
    expectProblem(await coordinator.post(url, form({ participants: Buffer.from([0x61, 0x00, 0x62, 0x0a]) })), 400, ['/participants']);
    expectProblem(await coordinator.post(url, form({ participants: participantsFile('MIS') }, { dryRun: 'maybe' })), 400, ['/dryRun']);
    expectProblem(await coordinator.post(url, { participantsCsv: participantsFile('MIS') }), 415);
    expect(await participantsNumbered('MIS')).toBe(0);
    expect(await uploadFolders()).toBe(folders);
  });

  it('refuses a file over the size limit with 413 naming the file', async () => {
    const small = await buildApp({
      database: t.database,
      now: t.clock.now,
      modules: domainModules({ secureCookies: false }),
      maxUploadBytes: 1024,
    });
    try {
      const api = client(small, w.coordinator.cookie);
      const body = expectProblem(await api.post(url, form({ participants: screeningFile('BIG', 200) })), 413, ['/participants']);
      expect(body.detail).toMatch(/participants file is larger than/);
      expect(await participantsNumbered('BIG')).toBe(0);
    } finally {
      await small.close();
    }
  });
});
