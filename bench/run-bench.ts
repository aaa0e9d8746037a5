import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { hashPassword } from '../src/platform/auth/password.js';
import { type BenchDatabase, defaultBenchDatabaseUrl, openBenchEmbedded, openBenchPostgres } from './bench-databases.js';
import { benchmarkDatabase, startApp } from './benchmark-database.js';
import { buildDataset, datasetSizes, startUpSizes } from './dataset.js';
import { type ImportBench, measureImport } from './import-operations.js';
import { machineInfo } from './machine-info.js';
import type { MeasureOptions } from './measure.js';
import { defaultSizes } from './network-plan.js';
import { defaultParticipants, type ParticipantPlan, planParticipants } from './participants-plan.js';
import { note } from './progress.js';
import { type BenchReport, foundationResults, markdownReport, participantResults, startUpResults, textTable, toRows } from './report.js';
import { seededRandom } from './seeded-random.js';
import { measureTenth } from './two-sizes.js';

const reportPath = new URL('../docs/benchmarks.md', import.meta.url);

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not "${raw}"`);
  return value;
}

/**
 * npm run bench: builds one large network in memory, loads it into a fresh embedded database
 * and a fresh PostgreSQL database, measures the API against its own SQL on each, prints the
 * tables and rewrites docs/benchmarks.md.
 */
export async function runBench(): Promise<void> {
  const started = performance.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const seed = numberFromEnv('BENCH_SEED', 20_261_122);
  const options: MeasureOptions = {
    iterations: numberFromEnv('BENCH_ITERATIONS', 200),
    warmup: numberFromEnv('BENCH_WARMUP', 20),
    maxMillis: numberFromEnv('BENCH_MAX_SECONDS', 12) * 1000,
    minIterations: 50,
  };
  options.minIterations = Math.min(options.minIterations, options.iterations);
  const kinds = (process.env.BENCH_DATABASES ?? 'embedded,postgresql').split(',').map((k) => k.trim());
  const databaseUrl = process.env.BENCH_DATABASE_URL || defaultBenchDatabaseUrl;

  // scrypt is slow on purpose: hash once, every generated user shares it.
  const passwordHash = await hashPassword('benchmark password, never used to log in');
  // Scale down for a quick run: BENCH_SITES=1000 BENCH_STUDY_SITES=1500 BENCH_DOCUMENTS_PER_SITE=10.
  const sites = numberFromEnv('BENCH_SITES', defaultSizes.sites);
  const sizes = {
    ...defaultSizes,
    sites,
    siteOrganizations: Math.min(defaultSizes.siteOrganizations, Math.ceil(sites * 0.35)),
    studySites: numberFromEnv('BENCH_STUDY_SITES', Math.max(defaultSizes.studySites, sites)),
  };
  const documentsPerSite = numberFromEnv('BENCH_DOCUMENTS_PER_SITE', 40);
  note('building the dataset in memory');
  const buildStart = performance.now();
  const dataset = buildDataset(seed, sizes, passwordHash, documentsPerSite);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const foundationSizes = datasetSizes(dataset);
  note(`dataset (${buildSeconds.toFixed(1)} s): ${JSON.stringify({ ...foundationSizes, ...startUpSizes(dataset) })}`);
  // Participants and visits are generated inside each database relative to today (visit
  // statuses follow the dates); only the per-study-site quotas are planned here.
  const participantCount = numberFromEnv('BENCH_PARTICIPANTS', defaultParticipants);
  const today = new Date().toISOString().slice(0, 10);
  const participantPlan: ParticipantPlan | undefined =
    participantCount > 0
      ? planParticipants(seededRandom(seed ^ 0x0b1a_2d04), dataset.network, dataset.people, participantCount, today, seed)
      : undefined;

  const databases: BenchReport['databases'] = [];
  const imports: ImportBench[] = [];
  for (const kind of kinds) {
    let bench: BenchDatabase | { skipped: string };
    if (kind === 'embedded') bench = await openBenchEmbedded();
    else if (kind === 'postgresql') bench = await openBenchPostgres(databaseUrl);
    else throw new Error(`BENCH_DATABASES: unknown database "${kind}" (embedded, postgresql)`);
    if ('skipped' in bench) {
      note(`postgresql: skipped: ${bench.skipped}`);
      databases.push({ kind, skipped: bench.skipped });
      continue;
    }
    try {
      databases.push(await benchmarkDatabase(bench, dataset, options, participantPlan));
      // Last on this database: the import adds participants the measurements above did not see.
      imports.push(await measureImport(bench, dataset, participantPlan, startApp));
    } finally {
      await bench.dispose();
    }
  }

  // Item 6 of issue 10: the dashboards again on one tenth of the data (BENCH_TWO_SIZES=0 skips it).
  const twoSizes =
    process.env.BENCH_TWO_SIZES === '0'
      ? []
      : await measureTenth(
          {
            kinds,
            databaseUrl,
            seed,
            sizes,
            passwordHash,
            documentsPerSite,
            participants: participantCount,
            today,
            options,
            full: databases,
          },
          dataset.network.studySites.length,
        );

  const report: BenchReport = {
    date: new Date(),
    machine: machineInfo(),
    seed,
    sizes: foundationSizes,
    startUpSizes: startUpSizes(dataset),
    documentsPerSite,
    buildSeconds,
    options,
    databases,
    twoSizes,
    imports,
    totalSeconds: (performance.now() - started) / 1000,
    loadAverages: [loadAtStart, os.loadavg()[0] ?? 0],
    participants: participantPlan && {
      requested: participantPlan.participants,
      today: participantPlan.today,
      studySites: participantPlan.quotas.length,
      coordinatorIsFoundationPick: participantPlan.coordinatorUserId === dataset.people.picks.siteCoordinatorUserId,
    },
  };
  for (const db of databases) {
    console.log(`\n${db.kind}${'skipped' in db ? `: skipped (${db.skipped})` : ` (${db.serverVersion})`}`);
    if (!('skipped' in db)) {
      console.log(textTable(toRows(foundationResults(db.results))));
      console.log(`\nsite start-up\n${textTable(toRows(startUpResults(db.results)))}`);
      if (db.participants) console.log(`\nparticipants and visits\n${textTable(toRows(participantResults(db.results)))}`);
    }
  }
  mkdirSync(new URL('.', reportPath), { recursive: true });
  writeFileSync(reportPath, markdownReport(report));
  note(`\nwrote docs/benchmarks.md (${Math.round(report.totalSeconds)} s in all)`);
}

await runBench();
