import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeUser } from '../test/support/factories.js';
import { client, createTestApp, openTestDatabase, type TestApp } from '../test/support/test-app.js';
import { makeVisitParticipant, makeVisitWorld } from '../test/support/visit-factories.js';
import { detectMissedVisits } from './modules/visits/detect-missed-visits.js';
import { missedVisitFollowUpJob } from './modules/visits/missed-visit-follow-up-job.js';
import { missedVisitCheckJob } from './modules/visits/missed-visit-job.js';
import { systemContext } from './platform/context.js';
import type { Database } from './platform/db/database.js';
import type { DB } from './platform/db/schema.js';
import { defineJob, type JobOutcome } from './platform/jobs/job-definition.js';
import { prepareJobQueues } from './platform/jobs/job-queue.js';
import { type JobRunner, startJobRunner } from './platform/jobs/job-runner.js';
import { enqueueAfterCommit } from './platform/jobs/outbox.js';

const silent = { info() {}, warn() {}, error() {} };
/** Fast turns for tests: pg-boss's smallest polling interval, and a window offered as often. */
const fast = { logger: silent, pollingIntervalSeconds: 0.5, scheduleCheckSeconds: 0.5 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = () => randomUUID().slice(0, 8);

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(100);
  }
}

interface JobRow {
  id: string;
  state: string;
  retry_count: number;
  singleton_on: Date | null;
  started_on: Date | null;
  completed_on: Date | null;
  created_on: Date;
  data: Record<string, unknown>;
}

async function jobsOf(db: Kysely<DB>, name: string, since = new Date(0)): Promise<JobRow[]> {
  const { rows } = await sql<JobRow>`
    select id, state, retry_count, singleton_on, started_on, completed_on, created_on, data from pgboss.job
    where name = ${name} and created_on >= ${since} order by created_on, id`.execute(db);
  return rows;
}

let t: TestApp;
const runners: JobRunner[] = [];
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const runner of runners) await runner.stop();
  await t?.close();
});

describe('the outbox', () => {
  it('enqueues nothing when the transaction rolls back, and handles a committed job once, after the commit', async () => {
    const { db } = t.database;
    const seen: string[] = [];
    const rolledBack = `Rolled back ${unique()}`;
    const committed = `Committed ${unique()}`;
    const outboxJob = defineJob<{ organization: string }>({
      name: `test-outbox-${unique()}`,
      retry: { limit: 0, delaySeconds: 0, backoff: false },
      transactional: true,
      async handle({ data }, tx) {
        const found = await tx.selectFrom('organizations').select('id').where('name', '=', data.organization).executeTakeFirst();
        seen.push(`${data.organization}: ${found ? 'visible' : 'not visible'}`);
        return undefined;
      },
    });
    await prepareJobQueues(db, [outboxJob]);
    const runner = await startJobRunner(db, [outboxJob], fast);
    runners.push(runner);

    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('organizations').values({ name: rolledBack, kind: 'sponsor' }).execute();
        await enqueueAfterCommit(tx, outboxJob, { organization: rolledBack });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await jobsOf(db, outboxJob.name)).toEqual([]);

    await db.transaction().execute(async (tx) => {
      await tx.insertInto('organizations').values({ name: committed, kind: 'sponsor' }).execute();
      await enqueueAfterCommit(tx, outboxJob, { organization: committed });
      // Longer than two polls: on PostgreSQL the runner cannot see the row yet; on the embedded
      // database its poll waits for the one connection until this commits.
      await sleep(1200);
      expect(seen).toEqual([]);
    });
    await waitFor(() => seen.length > 0);
    await sleep(1200);
    expect(seen).toEqual([`${committed}: visible`]);
    expect((await jobsOf(db, outboxJob.name)).map((job) => job.state)).toEqual(['completed']);
    await runner.stop();
  });
});

describe('scheduled jobs on two servers', () => {
  it('run the missed-visit check once per window, and tell the site of each missed visit once', async () => {
    const { db } = t.database;
    const now = new Date();
    const world = await makeVisitWorld(db, now);
    await makeVisitParticipant(db, world, { consentedOn: world.day(-200), enrolledOn: world.day(-199) });
    // A second server: on PostgreSQL its own pool of connections to the same database. The
    // embedded database is one PGlite in one process (a second process may not open it), so
    // there both runners share its one connection: the coordination under test (a window's
    // unique row, SKIP LOCKED hand-out) is in the database's SQL either way.
    const other: Database | undefined = t.database.kind === 'postgresql' ? await openTestDatabase() : undefined;
    const runs: { server: string; jobId: string }[] = [];
    // The real job with two-second windows, swept over this test's study-site only: other test
    // files share the PostgreSQL database, and their visits are theirs.
    const windowed = (server: string) => ({
      ...missedVisitCheckJob,
      every: { seconds: 2 },
      async handle(job: { id: string }, database: Kysely<DB>): Promise<JobOutcome> {
        runs.push({ server, jobId: job.id });
        const at = new Date();
        const result = await detectMissedVisits(
          database,
          systemContext('missed-visit-check', () => at),
          at,
          {
            studySiteId: world.studySite.id,
          },
        );
        return { message: `Marked ${result.missed} visit(s) missed`, details: result };
      },
    });
    const since = new Date(Date.now() - 1000);
    try {
      const first = await startJobRunner(db, [windowed('first'), missedVisitFollowUpJob], fast);
      const second = await startJobRunner(other?.db ?? db, [windowed('second'), missedVisitFollowUpJob], fast);
      runners.push(first, second);
      // Until three windows ran (at least six seconds), however slow the machine is today.
      const completedWindows = async () =>
        (await jobsOf(db, missedVisitCheckJob.name, since)).filter((job) => job.singleton_on && job.state === 'completed').length;
      await waitFor(async () => (await completedWindows()) >= 3, 60_000);
      await first.stop();
      await second.stop();
    } finally {
      await other?.close();
    }

    const windows = (await jobsOf(db, missedVisitCheckJob.name, since)).filter((job) => job.singleton_on);
    // One job per window, though both servers offered each one.
    expect(new Set(windows.map((job) => job.singleton_on?.toISOString())).size).toBe(windows.length);
    const ran = windows.filter((job) => job.state === 'completed');
    expect(ran.length).toBeGreaterThanOrEqual(3);
    // A window offered just before the servers stopped waits for the next server: never half-run or failed.
    expect(windows.filter((job) => job.state !== 'completed').map((job) => job.state)).toEqual(
      windows.filter((job) => job.state !== 'completed').map(() => 'created'),
    );
    // Each window that ran was handled by exactly one of the two servers, once.
    expect(runs.map((run) => run.jobId).sort()).toEqual(ran.map((job) => job.id).sort());

    const missed = await db
      .selectFrom('participant_visits')
      .select(['id', 'code'])
      .where('study_site_id', '=', world.studySite.id)
      .where('status', '=', 'missed')
      .execute();
    expect(missed.length).toBeGreaterThan(0);
    const deviations = await db
      .selectFrom('protocol_deviations')
      .select('visit_id')
      .where('study_site_id', '=', world.studySite.id)
      .where('category', '=', 'missed_visit')
      .execute();
    expect(deviations.map((d) => d.visit_id).sort()).toEqual(missed.map((v) => v.id).sort());

    const coordinator = client(t.app, world.coordinator.cookie);
    await waitFor(async () => (await coordinator.get('/api/notifications/messages')).json().counts.total >= missed.length);
    const messages = (await coordinator.get('/api/notifications/messages')).json().items as { kind: string; title: string }[];
    expect(
      messages
        .filter((m) => m.kind === 'missed_visit')
        .map((m) => m.title.split(' ')[3])
        .sort(),
    ).toEqual(missed.map((v) => v.code).sort());
  });
});

describe('a job that throws', () => {
  it('is retried after a back-off, then parked, and the platform admin sees it and may retry it', async () => {
    const { db } = t.database;
    const attempts: number[] = [];
    const failing = defineJob<{ ref: string }>({
      name: `test-failing-${unique()}`,
      retry: { limit: 1, delaySeconds: 1, backoff: true },
      transactional: false,
      async handle() {
        attempts.push(Date.now());
        throw new Error('The lab system did not answer');
      },
    });
    await prepareJobQueues(db, [failing]);
    const runner = await startJobRunner(db, [failing], fast);
    runners.push(runner);
    const jobId = await db.transaction().execute((tx) => enqueueAfterCommit(tx, failing, { ref: 'lab-1' }));
    await waitFor(async () => (await jobsOf(db, failing.name))[0]?.state === 'failed');
    await runner.stop();
    expect(attempts).toHaveLength(2);
    // Back-off with retryDelay 1: the second attempt waits 1 to 2 seconds (pg-boss adds jitter).
    expect((attempts[1] ?? 0) - (attempts[0] ?? 0)).toBeGreaterThanOrEqual(900);
    expect((await jobsOf(db, failing.name))[0]).toMatchObject({ id: jobId, retry_count: 1 });

    const org = await makeOrganization(db, 'sponsor');
    const admin = client(t.app, (await makeUser(db, org.id, [{ role: 'platform_admin', scopeType: 'platform' }])).cookie);
    const manager = client(
      t.app,
      (await makeUser(db, org.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: org.id }])).cookie,
    );
    const parked = await admin.get('/api/admin/jobs/parked?limit=500');
    expect(parked.statusCode).toBe(200);
    const item = parked.json().items.find((job: { id: string }) => job.id === jobId);
    expect(item).toMatchObject({ name: failing.name, error: 'The lab system did not answer', attempts: 2 });
    expect(Date.parse(item.parkedAt)).toBeGreaterThanOrEqual(Date.parse(item.createdAt));
    expect(JSON.stringify(item)).not.toContain('lab-1');

    expect((await manager.get('/api/admin/jobs/parked')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/jobs/parked' })).statusCode).toBe(401);
    expect((await manager.post(`/api/admin/jobs/parked/${jobId}/retry`)).statusCode).toBe(403);
    expect((await admin.post(`/api/admin/jobs/parked/${randomUUID()}/retry`)).statusCode).toBe(404);
    expect((await admin.post('/api/admin/jobs/parked/not-an-id/retry')).statusCode).toBe(400);

    expect((await admin.post(`/api/admin/jobs/parked/${jobId}/retry`)).statusCode).toBe(204);
    expect((await jobsOf(db, failing.name))[0]?.state).toBe('retry');
    const audit = await db
      .selectFrom('audit_events')
      .select(['action', 'actor_label'])
      .where('entity_type', '=', 'background_job')
      .where('entity_id', '=', jobId)
      .execute();
    expect(audit).toEqual([{ action: 'status_change', actor_label: expect.stringContaining('Test User') }]);
    expect((await admin.post(`/api/admin/jobs/parked/${jobId}/retry`)).statusCode).toBe(404);
  });
});
