import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { approveIcfAtSite } from '../src/modules/protocols/approve-icf-at-site.js';
import { createIcfVersion } from '../src/modules/protocols/create-icf-version.js';
import { createSession, sessionCookieName } from '../src/platform/auth/sessions.repo.js';
import { systemContext } from '../src/platform/context.js';
import type { BenchDatabase } from './bench-databases.js';
import type { Dataset } from './dataset.js';
import { callApi } from './http-client.js';
import { daysBetween, type EnrollmentQuota, type ParticipantPlan } from './participants-plan.js';
import { percentile } from './percentiles.js';
import { note } from './progress.js';
import { titles } from './report.js';

/**
 * The import the issue asks for: 10,000 participants on treatment, each with 4 visits done
 * (BENCH_IMPORT_PARTICIPANTS changes the count for a quick run).
 */
export const importParticipants = Number(process.env.BENCH_IMPORT_PARTICIPANTS || 10_000);
export const importVisitsEach = 4;
const icfLabel = 'Benchmark import 1.0';
const subjectPrefix = 'IMPB-';
const terminal = new Set(['succeeded', 'failed', 'cancelled']);

export type ImportBench =
  | { kind: string; skipped: string }
  | {
      kind: string;
      status: string;
      /** Participant rows + visit rows, as the issue counts them. */
      inputRows: number;
      participants: number;
      visits: number;
      /** From the upload's first byte to the job's last state. */
      seconds: number;
      rowsPerSecond: number;
      baselineRssMb: number;
      peakRssMb: number;
      /** Another user's GET /api/studies?limit=50, one after another while the import ran. */
      otherUser: { n: number; p50: number; p95: number; max: number; failed: number };
      /** Polls of the job that did not answer 200 (the importer waited too). */
      pollFailures: number;
      result: unknown;
      problem?: string;
    };

/**
 * An activated study-site of the participant coordinator (they may write participants there),
 * whose protocol was approved long enough ago that four visits fit before today.
 */
function targetQuota(plan: ParticipantPlan): EnrollmentQuota | undefined {
  const fits = plan.quotas.filter((q) => q.coordinatorUserId === plan.coordinatorUserId && daysBetween(q.approvedOn, plan.today) >= 120);
  return fits.sort((a, b) => a.participants - b.participants || a.studySiteId.localeCompare(b.studySiteId))[0];
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The two files: each participant consented (and was screened) on a day between the site's
 * protocol approval and two months before today, randomized 14 days later, with SCR, BL, T01
 * and T02 completed on their days. Written to disk: the upload streams them from there.
 */
export function importFiles(
  dir: string,
  quota: EnrollmentQuota,
  today: string,
  staffEmail: string,
  coordinatorEmail: string,
  count = importParticipants,
): { participants: string; visits: string } {
  // Two days' margin: "today" at the site may be behind the bench's UTC today.
  const span = Math.max(1, daysBetween(quota.approvedOn, today) - 50);
  const people = ['subject_number,status,screened_on,consented_on,icf_version,consent_obtained_by,enrolled_on,coordinator_email'];
  const visits = ['subject_number,visit_code,status,actual_date'];
  if (!Number.isInteger(count) || count < 1 || count > 99_999) {
    throw new Error(`BENCH_IMPORT_PARTICIPANTS must be a whole number from 1 to 99,999, not ${count}`);
  }
  for (let i = 1; i <= count; i++) {
    const subject = `${subjectPrefix}${String(i).padStart(5, '0')}`;
    const consented = addDays(quota.approvedOn, (i * 7919) % span);
    const randomized = addDays(consented, 14);
    people.push(`${subject},on_treatment,${consented},${consented},${icfLabel},${staffEmail},${randomized},${coordinatorEmail}`);
    visits.push(`${subject},SCR,completed,${consented}`);
    visits.push(`${subject},BL,completed,${randomized}`);
    visits.push(`${subject},T01,completed,${addDays(randomized, 16)}`);
    visits.push(`${subject},T02,completed,${addDays(randomized, 32)}`);
  }
  const paths = { participants: join(dir, 'participants.csv'), visits: join(dir, 'visits.csv') };
  writeFileSync(paths.participants, `${people.join('\r\n')}\r\n`);
  writeFileSync(paths.visits, `${visits.join('\r\n')}\r\n`);
  return paths;
}

/** Samples the process's resident memory every 20 ms until stopped: the peak of the import. */
function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/**
 * POST …/participant-imports (multipart, streamed from disk) as the site coordinator, then polls
 * the job until it ends, while the study manager calls GET /api/studies?limit=50 one request
 * after another: rows/s, the process's peak memory above its baseline, and what the other user
 * waited. Skipped with a message when this build has no import jobs (404).
 */
export async function measureImport(...args: Parameters<typeof runImport>): Promise<ImportBench> {
  try {
    return await runImport(...args);
  } catch (error) {
    // The measurements before it are already in hand: a failed import is reported, not thrown.
    note(`${args[0].database.kind}: import: failed: ${(error as Error).stack ?? error}`);
    return { kind: args[0].database.kind, skipped: `the run failed: ${(error as Error).message.slice(0, 500)}` };
  }
}

async function runImport(
  bench: BenchDatabase,
  dataset: Dataset,
  plan: ParticipantPlan | undefined,
  startApp: (database: BenchDatabase['database']) => Promise<{ baseUrl: string; close(): Promise<void> }>,
): Promise<ImportBench> {
  const { database } = bench;
  const kind = database.kind;
  const skip = (why: string): ImportBench => {
    note(`${kind}: import: skipped: ${why}`);
    return { kind, skipped: why };
  };
  if (!plan) return skip('the run has no participants (BENCH_PARTICIPANTS=0), so no study-site has a protocol approved.');
  const quota = targetQuota(plan);
  if (!quota) return skip('no study-site of the coordinator was activated 120 days or more before today.');
  const db = database.db;
  const staff = await db
    .selectFrom('site_staff')
    .innerJoin('people', 'people.id', 'site_staff.person_id')
    .select('people.email')
    .where('site_staff.site_id', '=', quota.siteId)
    .where('people.email', 'is not', null)
    .orderBy('people.email')
    .executeTakeFirst();
  const coordinator = await db.selectFrom('users').select('email').where('id', '=', plan.coordinatorUserId).executeTakeFirstOrThrow();
  if (!staff?.email) return skip(`site ${quota.siteId} has no staff member with an e-mail to name as the one who obtained consent.`);

  // The consent form in force at the site from its activation: made through the use cases, so
  // their audit rows keep the chain whole.
  const setup = systemContext('benchmark-setup');
  const icf = await createIcfVersion(db, setup, quota.studyId, { versionLabel: icfLabel, language: 'en-US' });
  await approveIcfAtSite(
    db,
    setup,
    { studyId: quota.studyId, studySiteId: quota.studySiteId },
    { icfVersionId: icf.id, approvedOn: quota.approvedOn },
  );

  const dir = mkdtempSync(join(tmpdir(), 'trialdesk-bench-import-'));
  const app = await startApp(database);
  try {
    const files = importFiles(dir, quota, addDays(plan.today, -2), staff.email, coordinator.email);
    const cookie = `${sessionCookieName}=${await createSession(db, plan.coordinatorUserId, new Date())}`;
    const otherCookie = `${sessionCookieName}=${await createSession(db, dataset.people.picks.studyManagerUserId, new Date())}`;
    const form = new FormData();
    form.set('dryRun', 'false');
    form.set('participants', await openAsBlob(files.participants, { type: 'text/csv' }), 'participants.csv');
    form.set('visits', await openAsBlob(files.visits, { type: 'text/csv' }), 'visits.csv');

    (globalThis as { gc?: () => void }).gc?.();
    const baseline = process.memoryUsage.rss();
    const memory = rssSampler();
    const latencies: number[] = [];
    let failed = 0;
    let done = false;
    const otherUser = (async () => {
      while (!done) {
        const start = performance.now();
        const answer = await callApi(app.baseUrl, '/api/studies?limit=50', { cookie: otherCookie }).catch(() => undefined);
        latencies.push(performance.now() - start);
        if (answer?.status !== 200) failed++;
      }
    })();

    note(
      `${kind}: import: ${importParticipants} participants and ${importParticipants * importVisitsEach} visits into study-site ${quota.studySiteId}`,
    );
    const started = performance.now();
    let job: Record<string, unknown> | undefined;
    let refused: string | undefined;
    let pollFailures = 0;
    try {
      const response = await fetch(`${app.baseUrl}/api/studies/${quota.studyId}/sites/${quota.studySiteId}/participant-imports`, {
        method: 'POST',
        headers: { cookie },
        body: form,
      });
      const body = await response.text();
      if (response.status === 404) {
        refused = 'POST /api/studies/{id}/sites/{studySiteId}/participant-imports answered 404: this build has no import jobs yet.';
      } else if (response.status !== 202) {
        throw new Error(`POST …/participant-imports answered ${response.status}: ${body.slice(0, 500)}`);
      } else {
        job = JSON.parse(body) as Record<string, unknown>;
        const limit = started + Number(process.env.BENCH_IMPORT_TIMEOUT_SECONDS || 1800) * 1000;
        let lastNote = 0;
        while (!terminal.has(String(job.status))) {
          if (performance.now() > limit) {
            await callApi(app.baseUrl, `/api/participant-imports/${job.id}/cancel`, { method: 'POST', cookie });
            throw new Error(`the import did not finish in time (last state ${JSON.stringify(job)}); cancelled`);
          }
          await sleep(200);
          const answer = await callApi(app.baseUrl, `/api/participant-imports/${job.id}`, { cookie });
          // A poll can fail while the import holds the only connection (the embedded database
          // before the import yields): counted, and polled again, so the run still ends.
          if (answer.status !== 200) {
            pollFailures++;
            continue;
          }
          job = JSON.parse(answer.body) as Record<string, unknown>;
          if (performance.now() - lastNote > 5000) {
            lastNote = performance.now();
            note(`${kind}: import: ${job.status}, checked ${job.rowsChecked}, written ${job.rowsWritten} of ${job.rowsTotal ?? '?'}`);
          }
        }
      }
    } finally {
      done = true;
      await otherUser;
    }
    const seconds = (performance.now() - started) / 1000;
    const peak = memory.stop();
    if (refused || !job) return skip(refused ?? 'no job');
    const inputRows = importParticipants * (1 + importVisitsEach);
    const mb = (bytes: number) => Math.round(bytes / 1024 ** 2);
    const problem = job.problem ? JSON.stringify(job.problem).slice(0, 600) : undefined;
    const outcome: ImportBench = {
      kind,
      status: String(job.status),
      inputRows,
      participants: importParticipants,
      visits: importParticipants * importVisitsEach,
      seconds,
      rowsPerSecond: inputRows / seconds,
      baselineRssMb: mb(baseline),
      peakRssMb: mb(peak - baseline),
      otherUser: {
        n: latencies.length,
        p50: latencies.length ? percentile(latencies, 50) : 0,
        p95: latencies.length ? percentile(latencies, 95) : 0,
        max: latencies.length ? Math.max(...latencies) : 0,
        failed,
      },
      result: job.result ?? null,
      problem,
      pollFailures,
    };
    note(
      `${kind}: import ${outcome.status} in ${seconds.toFixed(1)} s (${Math.round(outcome.rowsPerSecond)} rows/s), peak +${outcome.peakRssMb} MB; other user's p95 ${outcome.otherUser.p95.toFixed(1)} ms${problem ? `; ${problem}` : ''}`,
    );
    return outcome;
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The "Import" part of docs/benchmarks.md. */
export function importSection(runs: readonly ImportBench[]): string {
  if (runs.length === 0) return '';
  const lines = runs.map((run) => {
    const title = titles[run.kind] ?? run.kind;
    if ('skipped' in run) return `| ${title} | skipped: ${run.skipped.replace(/\|/g, '\\|')} | | | | | | |`;
    const o = run.otherUser;
    const polls = run.pollFailures > 0 ? ` (${run.pollFailures} polls of the job failed)` : '';
    const status = `${run.problem ? `${run.status}: ${run.problem.replace(/\|/g, '\\|')}` : run.status}${polls}`;
    return `| ${title} | ${status} | ${run.seconds.toFixed(1)} | ${Math.round(run.rowsPerSecond).toLocaleString('en-US')} | ${run.peakRssMb} (baseline ${run.baselineRssMb}) | ${o.n} | ${o.p50.toFixed(1)} / ${o.p95.toFixed(1)} / ${o.max.toFixed(1)} | ${o.failed} |`;
  });
  return `## Participant import

One import of ${importParticipants.toLocaleString('en-US')} participants on treatment with ${(importParticipants * importVisitsEach).toLocaleString('en-US')} visit rows
(SCR, BL, T01 and T02 completed), ${(importParticipants * (1 + importVisitsEach)).toLocaleString('en-US')} input rows, into one activated study-site of the
network above, by its site coordinator: \`POST /api/studies/{id}/sites/{studySiteId}/participant-imports\`
(multipart, both files streamed from disk), then the job polled every 200 ms until it ends. Each
participant names the consent form version approved at the site (made for the run), the staff
member who obtained consent and the coordinator. **rows/s**: input rows over the time from the
upload's first byte to the job's end. **peak memory**: the resident memory of the bench process
(which hosts the server, and the embedded database's engine) sampled every 20 ms, peak minus the
baseline just before the upload, in MB; on PostgreSQL the server's own memory is not in it.
**other user**: the study manager's \`GET /api/studies?limit=50\`, one request after another for as
long as the import runs (p50 / p95 / max in ms; **failed**: answers other than 200). Targets
(issue 10): >= 5,000 input rows/s, memory under 300 MB, the other user's p95 <= 100 ms.

| database | status | seconds | rows/s | peak memory MB | other user n | other user p50 / p95 / max | failed |
|---|---|---:|---:|---:|---:|---:|---:|
${lines.join('\n')}
`;
}
