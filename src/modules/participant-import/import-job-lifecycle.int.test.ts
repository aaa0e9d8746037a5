// @module-tag today
import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeParticipantWorld, type ParticipantWorld } from '../../../test/support/participant-factories.js';
import { type Client, client, openTestDatabase, testClock } from '../../../test/support/test-app.js';
import { verifyAuditChain } from '../../platform/audit/verify-audit-chain.js';
import type { Database } from '../../platform/db/database.js';
import { buildApp } from '../../platform/http/build-app.js';
import { domainModules } from '../index.js';
import { failUnfinishedImportJobs } from './fail-unfinished-import-jobs.js';
import { insertImportJob } from './import-jobs.repo.js';
import type { ImportProgress } from './import-participants.js';
import { participantImportModuleWith } from './participant-import.module.js';
import { importUploadDir } from './receive-import-upload.js';

/**
 * Once armed, holds the next job that reports in the writing phase, until the test lets it go.
 * Armed before the upload: the job may start running before the 202 reaches the test.
 */
function holdWhileWriting() {
  let armed = false;
  let heldJobId: string | undefined;
  let reached: (jobId: string) => void = () => {};
  let release: () => void = () => {};
  const writing = new Promise<string>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    arm: () => (armed = true),
    writing,
    release: () => release(),
    onProgress: async (id: string, progress: ImportProgress) => {
      if (!armed || progress.phase !== 'writing' || (heldJobId !== undefined && id !== heldJobId)) return;
      heldJobId = id;
      reached(id);
      await released;
    },
  };
}

let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;
let w: ParticipantWorld;
let coordinator: Client;
let investigator: Client;
let url: string;
const gate = holdWhileWriting();

const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\r\n');

function form(participants: string, visits?: string) {
  const body = new FormData();
  body.append('participants', new Blob([participants], { type: 'text/csv' }), 'participants.csv');
  if (visits !== undefined) body.append('visits', new Blob([visits], { type: 'text/csv' }), 'visits.csv');
  return body;
}

async function ended(api: Client, jobId: string) {
  for (;;) {
    const job = (await api.get(`/api/participant-imports/${jobId}`)).json();
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    await pause(20);
  }
}

/** What the uploader's import wrote: participants, their visits, and audit rows other than the job's own. */
async function written(prefix: string) {
  const db = database.db;
  const participants = await db
    .selectFrom('participants')
    .select('id')
    .where('study_id', '=', w.study.id)
    .where('subject_number', 'like', `${prefix}-%`)
    .execute();
  const visits = await db
    .selectFrom('participant_visits')
    .innerJoin('participants', 'participants.id', 'participant_visits.participant_id')
    .select('participant_visits.id')
    .where('participants.study_id', '=', w.study.id)
    .execute();
  const audit = await db
    .selectFrom('audit_events')
    .select('seq')
    .where('actor_user_id', '=', w.coordinator.user.id)
    .where('entity_type', '<>', 'participant_import_job')
    .execute();
  return { participants: participants.length, visits: visits.length, audit: audit.length };
}

beforeAll(async () => {
  database = await openTestDatabase();
  const clock = testClock();
  const modules = domainModules({ secureCookies: false }).map((module) =>
    module.name === 'participant-import' ? participantImportModuleWith({ onProgress: gate.onProgress }) : module,
  );
  app = await buildApp({ database, now: clock.now, modules });
  await app.ready();
  const db = database.db;
  w = await makeParticipantWorld(db, clock.now());
  await db.updateTable('people').set({ email: 'casey@site.example' }).where('id', '=', w.coordinatorPerson.personId).execute();
  coordinator = client(app, w.coordinator.cookie);
  investigator = client(app, w.investigator.cookie);
  url = `/api/studies/${w.study.id}/sites/${w.studySite.id}/participant-imports`;
});
afterAll(async () => {
  gate.release();
  await app?.close();
  await database?.close();
});

describe('an import job while it writes', () => {
  it('lets another user read meanwhile, is cancelled, and leaves nothing written', async () => {
    const d = w.day;
    const participants = csv([
      ['subject_number', 'status', 'screened_on', 'consented_on', 'icf_version', 'consent_obtained_by', 'enrolled_on'],
      ['HLD-001', 'on_treatment', d(-50), d(-50), '1.0 dated 2025-01-01', 'casey@site.example', d(-40)],
      ['HLD-002', 'screening', d(-10), '', '', '', ''],
    ]);
    const visits = csv([
      ['subject_number', 'visit_code', 'status', 'actual_date'],
      ['HLD-001', 'BL', 'completed', d(-40)],
      ['HLD-001', 'W4', 'completed', d(-12)],
    ]);
    const before = await written('HLD');
    gate.arm();
    const accepted = await coordinator.post(url, form(participants, visits));
    expect(accepted.statusCode, accepted.body).toBe(202);
    const jobId = accepted.json().id;
    expect(await gate.writing).toBe(jobId);

    // The import has written its first chunk in its open transaction and waits: these answer now,
    // on the embedded database too, where its transaction holds the one connection's writer.
    const job = await investigator.get(`/api/participant-imports/${jobId}`);
    expect(job.statusCode, job.body).toBe(200);
    expect(job.json()).toMatchObject({ status: 'writing', rowsTotal: 4, rowsChecked: 4, rowsWritten: 4, finishedAt: null });
    const studies = await investigator.get('/api/studies');
    expect(studies.statusCode, studies.body).toBe(200);
    const cancel = await coordinator.post(`/api/participant-imports/${jobId}/cancel`);
    expect(cancel.statusCode, cancel.body).toBe(202);
    gate.release();

    const done = await ended(coordinator, jobId);
    expect(done).toMatchObject({ status: 'cancelled', rowsWritten: 0, result: null, problem: null });
    expect(await written('HLD')).toEqual({ ...before, participants: 0 });
    expect(await verifyAuditChain(database.db)).toMatchObject({ whole: true });
    const audited = await database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'changes'])
      .where('entity_type', '=', 'participant_import_job')
      .where('entity_id', '=', jobId)
      .orderBy('seq')
      .execute();
    expect(audited.map((row) => [row.action, row.actor_user_id])).toEqual([
      ['create', w.coordinator.user.id],
      ['update', w.coordinator.user.id],
      ['status_change', w.coordinator.user.id],
    ]);
    expect(audited[2]?.changes).toEqual([{ field: 'status', old: 'writing', new: 'cancelled' }]);
  });
});

describe('jobs left unfinished by a stopped server', () => {
  it('are marked failed at the next start, audited, and their uploaded files deleted; an ended job is left alone', async () => {
    const db = database.db;
    const acceptedOn = new Date('2020-03-02T09:00:00Z');
    const restartedOn = new Date('2020-03-02T10:00:00Z');
    const jobs: Record<string, string> = {};
    for (const status of ['queued', 'checking', 'writing', 'cancelled'] as const) {
      const id = randomUUID();
      jobs[status] = id;
      await insertImportJob(db, {
        id,
        studyId: w.study.id,
        studySiteId: w.studySite.id,
        createdBy: w.coordinator.user.id,
        files: [{ field: 'participants', fileName: 'participants.csv', size: 3, sha256: 'a'.repeat(64) }],
        dryRun: false,
        createdAt: acceptedOn,
      });
      await db
        .updateTable('participant_import_jobs')
        .set({ status, finished_at: status === 'cancelled' ? acceptedOn : null })
        .where('id', '=', id)
        .execute();
      await mkdir(importUploadDir(app.uploadStagingDir, id));
      await writeFile(join(importUploadDir(app.uploadStagingDir, id), 'participants.csv'), 'a,b');
    }

    const failed = await failUnfinishedImportJobs(db, () => restartedOn, app.uploadStagingDir);
    expect(failed).toEqual(expect.arrayContaining([jobs.queued, jobs.checking, jobs.writing]));
    expect(failed).not.toContain(jobs.cancelled);

    for (const status of ['queued', 'checking', 'writing'] as const) {
      const job = (await coordinator.get(`/api/participant-imports/${jobs[status]}`)).json();
      expect(job).toMatchObject({ status: 'failed', finishedAt: restartedOn.toISOString(), result: null });
      expect(job.problem.detail).toBe('The server stopped before the import finished; nothing was written. Upload the files again.');
      await expect(stat(importUploadDir(app.uploadStagingDir, jobs[status] as string))).rejects.toMatchObject({ code: 'ENOENT' });
      const audited = await db
        .selectFrom('audit_events')
        .select(['action', 'actor_label', 'changes'])
        .where('entity_type', '=', 'participant_import_job')
        .where('entity_id', '=', jobs[status] as string)
        .execute();
      expect(audited).toEqual([
        {
          action: 'status_change',
          actor_label: 'system:participant-import-restart',
          changes: [
            { field: 'status', old: status, new: 'failed' },
            { field: 'problem', old: null, new: { status: 503, errors: 0 } },
          ],
        },
      ]);
    }
    // Already ended: its row is not touched (its folder is not the sweep's).
    expect((await coordinator.get(`/api/participant-imports/${jobs.cancelled}`)).json()).toMatchObject({ status: 'cancelled' });
    await rm(importUploadDir(app.uploadStagingDir, jobs.cancelled as string), { recursive: true });
    expect(await verifyAuditChain(db)).toMatchObject({ whole: true });
  });
});

describe('a retried upload', () => {
  it('with the same Idempotency-Key and files gets the first job again; with other files, 422 and no job', async () => {
    const participants = csv([
      ['subject_number', 'status', 'screened_on'],
      ['IDM-001', 'screening', w.day(-10)],
    ]);
    const key = { 'idempotency-key': randomUUID() };
    const first = await coordinator.post(url, form(participants), key);
    expect(first.statusCode, first.body).toBe(202);
    const retry = await coordinator.post(url, form(participants), key);
    expect(retry.statusCode, retry.body).toBe(202);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().id).toBe(first.json().id);
    expect(retry.headers.location).toBe(first.headers.location);
    const other = await coordinator.post(url, form(`${participants}\r\nIDM-002,screening,${w.day(-10)}`), key);
    expect(other.statusCode, other.body).toBe(422);
    expect(await ended(coordinator, first.json().id)).toMatchObject({ status: 'succeeded' });
    const jobs = await database.db
      .selectFrom('participant_import_jobs')
      .select('id')
      .where('study_site_id', '=', w.studySite.id)
      .where('created_at', '>=', new Date(first.json().createdAt))
      .execute();
    expect(jobs.map((job) => job.id)).toEqual([first.json().id]);
    expect(await written('IDM')).toMatchObject({ participants: 1 });
  });
});
