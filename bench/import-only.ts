/**
 * The participant import alone, phase by phase: a quick harness beside `npm run bench`.
 *
 *   node --expose-gc --import tsx bench/import-only.ts [embedded|postgresql] [participants]
 *
 * Prepares a fresh database (embedded in a temporary directory, or the PostgreSQL database of
 * IMPORT_DATABASE_URL, dropped and made again: only a name ending in _import or _bench), with one
 * active study-site whose protocol has the bench's 25 visits, writes the two files the bench
 * writes (each participant on treatment with SCR, BL, T01 and T02 done), and runs the import as
 * the job runs it (files streamed from disk, bulkTransaction, progress). Prints the time of each
 * phase, input rows/s, peak RSS and heap growth, and the latency of another user's
 * GET /api/studies?limit=50 asked one after another while the import runs.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { signDelegationEntry } from '../src/modules/delegation/sign-delegation-entry.js';
import { domainModules } from '../src/modules/index.js';
import { importParticipants } from '../src/modules/participant-import/import-participants.js';
import { verifyAuditChain } from '../src/platform/audit/verify-audit-chain.js';
import { createSession, sessionCookieName } from '../src/platform/auth/sessions.repo.js';
import { bulkTransaction } from '../src/platform/db/bulk-transaction.js';
import { type Database, openEmbedded, openPostgres } from '../src/platform/db/database.js';
import type { PhaseClock } from '../src/platform/db/phase-clock.js';
import { prepareDatabase } from '../src/platform/db/prepare-database.js';
import { buildApp } from '../src/platform/http/build-app.js';
import { makeDelegationEntry, makeDelegationWorld, makeTrainingRecord } from '../test/support/delegation-factories.js';
import { makeUser, testPassword } from '../test/support/factories.js';
import { userContext } from '../test/support/participant-factories.js';
import { approveIcf, approveProtocol, makeFinalProtocol, makeIcfVersion, sampleStructure } from '../test/support/protocol-factories.js';
import { makeStaffMember } from '../test/support/start-up-factories.js';
import { importFiles } from './import-operations.js';
import { visitTemplate } from './participants-plan.js';
import { percentile } from './percentiles.js';

const kind = process.argv[2] === 'postgresql' ? 'postgresql' : 'embedded';
const count = Number(process.argv[3] || process.env.BENCH_IMPORT_PARTICIPANTS || 2000);
const databaseUrl = process.env.IMPORT_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/trialdesk_test_import';
const verify = process.env.IMPORT_VERIFY === '1';
/** IMPORT_FLOOR=1: after the import, the same rows written again by bare INSERT … SELECT (the floor). */
const measureFloor = process.env.IMPORT_FLOOR === '1';
/** IMPORT_GC=1: collect garbage at each progress report, to see what the import keeps (slower). */
const collectEachReport = process.env.IMPORT_GC === '1';

async function openDatabase(): Promise<{ database: Database; dispose(): Promise<void> }> {
  if (kind === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'trialdesk-import-only-'));
    const database = await openEmbedded({ dataDir: dir });
    await prepareDatabase(database.db);
    return {
      database,
      async dispose() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/_(import|bench)$/.test(name)) throw new Error(`only a database named *_import or *_bench is dropped, not ${name}`);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  const database = openPostgres(databaseUrl);
  await prepareDatabase(database.db);
  return { database, dispose: () => database.close() };
}

/** One active study-site whose protocol (the bench's 25 visits) and consent form were approved 400 days ago. */
async function makeWorld(database: Database, now: Date) {
  const db = database.db;
  const world = await makeDelegationWorld(db, now);
  const { study, studySite, site, siteOrg, day } = world;
  const ids = { studyId: study.id, studySiteId: studySite.id };
  const clock = () => now;
  await db.updateTable('study_sites').set({ status: 'active' }).where('id', '=', studySite.id).execute();
  const visits = visitTemplate().map((v) => ({ ...v, procedures: [{ code: 'VS', name: 'Vital signs', required: true }] }));
  const protocol = await makeFinalProtocol(db, study.id, { versionLabel: '2.0', ...sampleStructure(), visits }, clock);
  await approveProtocol(db, ids, protocol.id, day(-400), clock);
  const icf = await makeIcfVersion(db, study.id, 'Benchmark import 1.0');
  await approveIcf(db, ids, icf.id, day(-400), clock);
  const coordinatorPerson = await makeStaffMember(db, site.id, 'study_coordinator', 'Casey Coordinator');
  await makeTrainingRecord(db, coordinatorPerson.personId, { kind: 'gcp', completedOn: day(-365) });
  await db
    .updateTable('people')
    .set({ user_id: world.coordinator.user.id, email: 'casey@site.example' })
    .where('id', '=', coordinatorPerson.personId)
    .execute();
  const piContext = await userContext(db, world.piUser.user.id, clock);
  const entry = await makeDelegationEntry(db, ids, { personId: coordinatorPerson.personId, tasks: ['obtain_consent'] });
  await signDelegationEntry(db, piContext, { ...ids, entryId: entry.id }, entry.version, { password: testPassword, meaning: 'approval' });
  const manager = await makeUser(db, siteOrg.id, [{ role: 'study_manager', scopeType: 'study', scopeId: study.id }], now);
  const coordinatorEmail = (
    await db.selectFrom('users').select('email').where('id', '=', world.coordinator.user.id).executeTakeFirstOrThrow()
  ).email;
  return { world, coordinatorEmail, managerUserId: manager.user.id, approvedOn: day(-400), today: world.today };
}

function sampler() {
  const rss0 = process.memoryUsage.rss();
  const heap0 = process.memoryUsage().heapUsed;
  let rss = rss0;
  let heap = heap0;
  const timer = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage.rss());
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      const mb = (bytes: number) => Math.round(bytes / 1024 ** 2);
      return { rssBaseMb: mb(rss0), rssGrowthMb: mb(Math.max(rss, process.memoryUsage.rss()) - rss0), heapGrowthMb: mb(heap - heap0) };
    },
  };
}

async function main() {
  const { database, dispose } = await openDatabase();
  const now = new Date();
  // Before the world: building the app registers the modules whose grants the factories check.
  const app = await buildApp({ database, now: () => new Date(), modules: domainModules({ secureCookies: false }) });
  await app.ready();
  const w = await makeWorld(database, now);
  const dir = mkdtempSync(join(tmpdir(), 'trialdesk-import-files-'));
  try {
    const quota = { approvedOn: w.approvedOn } as Parameters<typeof importFiles>[1];
    const paths = importFiles(dir, quota, w.world.day(-2), 'casey@site.example', w.coordinatorEmail, count);
    const ctx = { ...(await userContext(database.db, w.world.coordinator.user.id)), requestId: 'import-only' };
    const otherCookie = `${sessionCookieName}=${await createSession(database.db, w.managerUserId, new Date())}`;

    (globalThis as { gc?: () => void }).gc?.();
    const memory = sampler();
    const phases = new Map<string, number>();
    const clock: PhaseClock = { add: (phase, ms) => phases.set(phase, (phases.get(phase) ?? 0) + ms) };
    const latencies: number[] = [];
    let failed = 0;
    let done = false;
    const otherUser = (async () => {
      while (!done) {
        const start = performance.now();
        const answer = await app.inject({ method: 'GET', url: '/api/studies?limit=50', headers: { cookie: otherCookie } });
        latencies.push(performance.now() - start);
        if (answer.statusCode !== 200) failed++;
        await setImmediate();
      }
    })();
    const heapBefore = process.memoryUsage().heapUsed;
    let retainedHeap = 0;
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    let result: unknown;
    try {
      result = await importParticipants(
        database.db,
        ctx,
        w.world.studySite.id,
        { participants: createReadStream(paths.participants), visits: createReadStream(paths.visits), dryRun: false },
        w.world.study.id,
        {
          clock,
          auditEachChunk: database.kind === 'embedded',
          onProgress: async () => {
            if (collectEachReport) {
              (globalThis as { gc?: () => void }).gc?.();
              retainedHeap = Math.max(retainedHeap, process.memoryUsage().heapUsed - heapBefore);
            }
            await setImmediate();
          },
          transaction: (work) =>
            bulkTransaction(database, async (tx) => {
              const out = await work(tx);
              // The commit is what runs after this returns.
              workEnded = performance.now();
              return out;
            }),
        },
      );
    } finally {
      done = true;
      await otherUser;
    }
    const ended = performance.now();
    const cpu = process.cpuUsage(cpu0);
    clock.add('commit', ended - workEnded);
    const seconds = (ended - started) / 1000;
    const memoryUse = memory.stop();
    const inputRows = count * 5;
    const accounted = [...phases.values()].reduce((a, b) => a + b, 0);
    console.log(JSON.stringify(result, (key, value) => (key === 'subjectNumbers' ? value.length : value)));
    console.log(
      `${kind}: ${count} participants, ${inputRows} input rows in ${seconds.toFixed(2)} s = ${Math.round(inputRows / seconds)} rows/s`,
    );
    console.log(`  this process's CPU: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (the embedded database's work included)`);
    for (const [phase, ms] of phases) console.log(`  ${phase.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(7)} s`);
    console.log(`  ${'(not in a phase)'.padEnd(22)} ${((ended - started - accounted) / 1000).toFixed(2).padStart(7)} s`);
    console.log(
      `  memory: RSS base ${memoryUse.rssBaseMb} MB, peak growth +${memoryUse.rssGrowthMb} MB; heap peak growth +${memoryUse.heapGrowthMb} MB`,
    );
    if (collectEachReport) console.log(`  heap kept between chunks (after GC), at most: +${Math.round(retainedHeap / 1024 ** 2)} MB`);
    if (latencies.length > 0) {
      console.log(
        `  other user GET /api/studies: n ${latencies.length}, p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms, failed ${failed}`,
      );
    }
    if (measureFloor) await printFloor(database, seconds);
    if (verify) {
      const chain = await verifyAuditChain(database.db);
      console.log(`  audit chain: ${JSON.stringify(chain)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await app.close();
    await dispose();
  }
}

/**
 * The floor under the import: every table it filled (more than 1,000 rows) copied into a twin with
 * the same columns, defaults, checks, indexes and foreign keys, by one INSERT … SELECT each. What
 * the twin lacks is the table's triggers (the enrollment counts; the audit table's refusal of
 * updates), which cost little per statement. The import cannot be faster than this sum: it is
 * the same rows through the same indexes and the same foreign-key checks, with no values sent.
 */
async function printFloor(database: Database, importSeconds: number) {
  const db = database.db;
  await sql`analyze`.execute(db);
  const { rows: tables } = await sql<{ name: string; rows: number }>`select relname as name, reltuples::bigint as rows from pg_class
    where relkind = 'r' and relnamespace = current_schema()::regnamespace and reltuples > 1000 order by reltuples desc`.execute(db);
  let total = 0;
  console.log('  floor: the same rows by bare INSERT … SELECT into twins with the same indexes and foreign keys');
  for (const { name, rows } of tables) {
    const twin = `floor_${name}`;
    await sql`create table ${sql.id(twin)} (like ${sql.id(name)} including all)`.execute(db);
    const { rows: keys } = await sql<{ definition: string }>`select pg_get_constraintdef(oid) as definition
      from pg_constraint where conrelid = ${name}::regclass and contype = 'f'`.execute(db);
    for (const { definition } of keys) await sql`alter table ${sql.id(twin)} add ${sql.raw(definition)}`.execute(db);
    const start = performance.now();
    await sql`insert into ${sql.id(twin)} select * from ${sql.id(name)}`.execute(db);
    const ms = performance.now() - start;
    total += ms;
    console.log(
      `    ${name.padEnd(28)} ${String(rows).padStart(8)} rows ${(ms / 1000).toFixed(2).padStart(7)} s (${keys.length} foreign keys)`,
    );
  }
  console.log(`    floor ${(total / 1000).toFixed(2)} s; the import took ${((importSeconds / total) * 1000).toFixed(2)}× the floor`);
}

let workEnded = 0;
await main();
