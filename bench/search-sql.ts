import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { listVisibleDocuments } from '../src/modules/documents/document.repo.js';
import { listDocumentsQuery } from '../src/modules/documents/document.schemas.js';
import { domainModules } from '../src/modules/index.js';
import { listParticipants } from '../src/modules/participants/participant.repo.js';
import { listParticipantsQuery } from '../src/modules/participants/participant.schemas.js';
import { listVisiblePeople } from '../src/modules/people/person.repo.js';
import { listPeopleQuery } from '../src/modules/people/person.schemas.js';
import { listVisibleSites } from '../src/modules/sites/site.repo.js';
import { listSitesQuery } from '../src/modules/sites/site.schemas.js';
import { listVisibleStudies } from '../src/modules/studies/study.repo.js';
import { listStudiesQuery } from '../src/modules/studies/study.schemas.js';
import { hashPassword } from '../src/platform/auth/password.js';
import { loadActor } from '../src/platform/auth/sessions.repo.js';
import type { RequestContext } from '../src/platform/context.js';
import { type Database, openEmbedded, openPostgres } from '../src/platform/db/database.js';
import { prepareDatabase } from '../src/platform/db/prepare-database.js';
import type { DB } from '../src/platform/db/schema.js';
import { registerModules } from '../src/platform/modules/registry.js';
import { openBenchPostgres } from './bench-databases.js';
import { siteSearchTerm, studySearchTerm } from './bench-operations.js';
import { buildDataset } from './dataset.js';
import { loadDataset } from './load-dataset.js';
import { defaultSizes } from './network-plan.js';
import { loadParticipants } from './participants-load.js';
import { defaultParticipants, planParticipants } from './participants-plan.js';
import { summarize } from './percentiles.js';
import { note } from './progress.js';
import { shortSearchTerm, subjectSearchTerm } from './search-operations.js';
import { seededRandom } from './seeded-random.js';
import { documentSearchTerm } from './start-up-operations.js';

/**
 * The searches' SQL alone, at the bench's full size, without the whole `npm run bench`:
 *
 *   node --import tsx bench/search-sql.ts load embedded|postgresql   (once: a few minutes)
 *   node --import tsx bench/search-sql.ts time embedded|postgresql   (again after each change)
 *
 * `load` keeps what it loads (the embedded database in a directory under the system's temporary
 * directory, SEARCH_SQL_DIR to choose another; PostgreSQL in BENCH_DATABASE_URL, default
 * trialdesk_search_bench). `time` opens it, applies any newer migration and times each search
 * through its repository function (the list's SQL, no HTTP), as the bench's actors.
 * SEARCH_SQL_EXPLAIN=1 prints each search's plan with EXPLAIN (ANALYZE, BUFFERS).
 */
const [mode, kind] = process.argv.slice(2) as [string, 'embedded' | 'postgresql'];
if ((mode !== 'load' && mode !== 'time') || (kind !== 'embedded' && kind !== 'postgresql')) {
  throw new Error('usage: search-sql.ts load|time embedded|postgresql');
}
const dir = process.env.SEARCH_SQL_DIR || join(tmpdir(), 'trialdesk-search-sql');
const databaseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/trialdesk_search_bench';
const picksFile = join(dir, `picks-${kind}.json`);

interface Picks {
  studyManagerUserId: string;
  siteCoordinatorUserId: string;
  participantCoordinatorUserId?: string;
  subjectTerm?: string;
}

async function open(): Promise<Database> {
  if (kind === 'embedded') {
    mkdirSync(dir, { recursive: true });
    const database = await openEmbedded({ dataDir: join(dir, 'embedded') });
    await prepareDatabase(database.db);
    return database;
  }
  if (mode === 'load') {
    const bench = await openBenchPostgres(databaseUrl);
    if ('skipped' in bench) throw new Error(bench.skipped);
    return bench.database;
  }
  const database = openPostgres(databaseUrl);
  await prepareDatabase(database.db);
  return database;
}

async function load(database: Database): Promise<void> {
  const seed = 20_261_122;
  const dataset = buildDataset(seed, defaultSizes, await hashPassword('benchmark password, never used to log in'), 40);
  await loadDataset(database.db, dataset, kind);
  const participants = Number(process.env.BENCH_PARTICIPANTS ?? defaultParticipants);
  const today = new Date().toISOString().slice(0, 10);
  const plan =
    participants > 0
      ? planParticipants(seededRandom(seed ^ 0x0b1a_2d04), dataset.network, dataset.people, participants, today, seed)
      : undefined;
  if (plan) {
    await loadParticipants(database.db, plan, kind);
    await sql`analyze`.execute(database.db);
  }
  const picks: Picks = {
    studyManagerUserId: dataset.people.picks.studyManagerUserId,
    siteCoordinatorUserId: dataset.people.picks.siteCoordinatorUserId,
    participantCoordinatorUserId: plan?.coordinatorUserId,
    subjectTerm: plan && subjectSearchTerm(plan),
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(picksFile, JSON.stringify(picks, null, 2));
}

interface Search {
  label: string;
  run: (db: Kysely<DB>) => Promise<unknown>;
}

async function searches(db: Kysely<DB>, picks: Picks): Promise<Search[]> {
  const context = async (userId: string): Promise<RequestContext> => {
    const actor = await loadActor(db, userId);
    if (!actor) throw new Error(`user ${userId} is missing`);
    return { actor, requestId: randomUUID(), now: () => new Date() };
  };
  const manager = await context(picks.studyManagerUserId);
  const coordinator = await context(picks.siteCoordinatorUserId);
  const list: Search[] = [];
  for (const [who, ctx] of [
    ['study manager', manager],
    ['site coordinator', coordinator],
  ] as const) {
    for (const q of [documentSearchTerm, shortSearchTerm, 'kow', 'k']) {
      list.push({
        label: `documents q=${q} (${who})`,
        run: (d) => listVisibleDocuments(d, ctx, listDocumentsQuery.parse({ q, limit: '50' })),
      });
    }
    for (const q of [documentSearchTerm, shortSearchTerm]) {
      list.push({ label: `people q=${q} (${who})`, run: (d) => listVisiblePeople(d, ctx, listPeopleQuery.parse({ q, limit: '50' })) });
    }
    for (const q of [siteSearchTerm, shortSearchTerm]) {
      list.push({ label: `sites q=${q} (${who})`, run: (d) => listVisibleSites(d, ctx, listSitesQuery.parse({ q, limit: '50' })) });
    }
    for (const q of [studySearchTerm, shortSearchTerm]) {
      list.push({ label: `studies q=${q} (${who})`, run: (d) => listVisibleStudies(d, ctx, listStudiesQuery.parse({ q, limit: '50' })) });
    }
  }
  if (picks.participantCoordinatorUserId && picks.subjectTerm) {
    const pc = await context(picks.participantCoordinatorUserId);
    for (const [who, ctx] of [
      ['study manager', manager],
      ['participant coordinator', pc],
    ] as const) {
      for (const q of [picks.subjectTerm, shortSearchTerm]) {
        list.push({
          label: `participants q=${q} (${who})`,
          run: (d) => listParticipants(d, ctx, listParticipantsQuery.parse({ q, limit: '50' })),
        });
      }
    }
  }
  return list;
}

async function time(database: Database): Promise<void> {
  if (!existsSync(picksFile)) throw new Error(`nothing loaded: run "search-sql.ts load ${kind}" first`);
  const picks = JSON.parse(readFileSync(picksFile, 'utf8')) as Picks;
  const rounds = Number(process.env.SEARCH_SQL_ROUNDS ?? 30);
  const only = process.env.SEARCH_SQL_ONLY;
  const explain = process.env.SEARCH_SQL_EXPLAIN === '1';
  for (const search of await searches(database.db, picks)) {
    if (only && !new RegExp(only).test(search.label)) continue;
    if (explain) {
      // The same call once more, its statements explained on the same connection.
      await explainOnce(database, search);
    }
    for (let i = 0; i < 3; i++) await search.run(database.db);
    const samples: number[] = [];
    let rows = 0;
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      const page = (await search.run(database.db)) as { items: unknown[] };
      samples.push(performance.now() - t);
      rows = page.items.length;
    }
    const s = summarize(samples);
    console.log(
      `${kind}\t${search.label}\trows ${rows}\tp50 ${s.p50.toFixed(1)}\tp95 ${s.p95.toFixed(1)}\tmax ${Math.max(...samples).toFixed(1)}`,
    );
  }
}

async function explainOnce(database: Database, search: Search): Promise<void> {
  const statements: CompiledQuery[] = [];
  const pool = database.embedded ? database.embedded.connection.pool : new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const recorder = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') statements.push(event.query);
    },
  });
  await search.run(recorder);
  if (!database.embedded) await recorder.destroy();
  for (const s of statements) {
    const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain (analyze, buffers${process.env.SEARCH_SQL_EXPLAIN_TIMING === '1' ? '' : ', timing off'}) ${s.sql}`, [
        ...s.parameters,
      ]),
    );
    console.log(`--- ${kind}: ${search.label}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
}

// The roles' permissions come from the modules, as when the app starts.
registerModules(domainModules({ secureCookies: false }));
const database = await open();
try {
  if (mode === 'load') await load(database);
  else await time(database);
} finally {
  await database.close();
}
note('done');
