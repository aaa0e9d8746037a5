import type { DatabaseResult, OperationResult } from './benchmark-database.js';
import { type ImportBench, importSection } from './import-operations.js';
import type { MachineInfo } from './machine-info.js';
import { gcEachRound, type MeasureOptions } from './measure.js';
import { participantsSection } from './participant-report.js';
import { overheadRatio } from './percentiles.js';
import { startUpSection } from './start-up-report.js';
import { type TwoSizes, twoSizesSection } from './two-sizes.js';

/** The target of the benchmark: an endpoint costs at most 1.5 x (its SQL + one trivial round trip). */
export const targetRatio = 1.5;

export interface BenchReport {
  date: Date;
  machine: MachineInfo;
  seed: number;
  sizes: Record<string, number>;
  startUpSizes: Record<string, number>;
  documentsPerSite: number;
  /** Seconds to build the in-memory part of the dataset (documents are generated while loading). */
  buildSeconds: number;
  options: MeasureOptions;
  databases: (DatabaseResult | { kind: string; skipped: string })[];
  /** The dashboards measured again on one tenth of the data (two-sizes.ts). */
  twoSizes?: TwoSizes[];
  /** The participant import's run on each database (import-operations.ts). */
  imports?: ImportBench[];
  totalSeconds: number;
  /** 1-minute load averages at the start and the end: other work on the machine shows in p95. */
  loadAverages: [number, number];
  /** The participants and visits part (absent with BENCH_PARTICIPANTS=0). */
  participants?: { requested: number; today: string; studySites: number; coordinatorIsFoundationPick: boolean };
}

export interface Row {
  operation: string;
  actor: string;
  statements: number;
  n: number;
  endpointP50: number;
  endpointP95: number;
  bareP50: number;
  bareP95: number;
  /** Undefined for the health check itself: it is the denominator's fixed part. */
  ratio?: number;
  meetsTarget?: boolean;
  /** The same ratio on medians: far less noisy than p95 on a small, shared machine. */
  ratioP50?: number;
}

/** The foundation operations (and the health check): the first tables of the report. */
export function foundationResults(results: OperationResult[]): OperationResult[] {
  return results.filter((r) => r.group !== 'start-up' && r.group !== 'participants');
}

/** The participant and visit operations, with the health check they are compared against. */
export function participantResults(results: OperationResult[]): OperationResult[] {
  return results.filter((r) => r.group === 'participants' || r.group === 'trivial');
}

/** The site start-up operations, with the health check they are compared against. */
export function startUpResults(results: OperationResult[]): OperationResult[] {
  return results.filter((r) => r.group === 'start-up' || r.group === 'trivial');
}

export function toRows(results: OperationResult[]): Row[] {
  const health = results.find((r) => r.group === 'trivial');
  return results.map((r) => {
    const ratio = r.group === 'trivial' || !health ? undefined : overheadRatio(r.endpoint.p95, r.bare.p95, health.endpoint.p95);
    const ratioP50 = r.group === 'trivial' || !health ? undefined : overheadRatio(r.endpoint.p50, r.bare.p50, health.endpoint.p50);
    return {
      operation: r.label,
      actor: r.actor,
      statements: r.statements,
      n: r.endpoint.n,
      endpointP50: r.endpoint.p50,
      endpointP95: r.endpoint.p95,
      bareP50: r.bare.p50,
      bareP95: r.bare.p95,
      ratio,
      meetsTarget: ratio === undefined ? undefined : ratio <= targetRatio,
      ratioP50,
    };
  });
}

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);
const verdict = (row: Row) => (row.meetsTarget === undefined ? '-' : row.meetsTarget ? 'yes' : 'NO');

const headers = [
  'operation',
  'actor',
  'stmts',
  'n',
  'endpoint p50',
  'endpoint p95',
  'bare SQL p50',
  'bare SQL p95',
  'ratio',
  'meets target',
  'ratio (p50)',
];

function cells(row: Row): string[] {
  return [
    row.operation,
    row.actor,
    String(row.statements),
    String(row.n),
    ms(row.endpointP50),
    ms(row.endpointP95),
    ms(row.bareP50),
    ms(row.bareP95),
    row.ratio === undefined ? '-' : row.ratio.toFixed(2),
    verdict(row),
    row.ratioP50 === undefined ? '-' : row.ratioP50.toFixed(2),
  ];
}

/** A plain-text table for the terminal, columns padded to their widest cell. */
export function textTable(rows: Row[]): string {
  const body = rows.map(cells);
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (values: string[]) => values.map((v, i) => (i < 2 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const escapePipes = (v: string) => v.replace(/\|/g, '\\|');
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${cells(row).map(escapePipes).join(' | ')} |`),
  ].join('\n');
}

export function verdictLine(rows: Row[]): string {
  const misses = rows.filter((r) => r.meetsTarget === false);
  return misses.length === 0
    ? `Every operation meets the target (ratio <= ${targetRatio}).`
    : `Missing the target (ratio > ${targetRatio}): ${misses.map((m) => `${m.operation} (${m.actor}, ${m.ratio?.toFixed(2)})`).join('; ')}.`;
}

/** The collections that fell inside measured samples, summed over a database's operations. */
export function gcLine(results: readonly OperationResult[]): string {
  const sum = (side: 'endpoint' | 'bare') =>
    results.reduce(
      (total, r) => ({
        samples: total.samples + r[side].n,
        hit: total.hit + (r.gc?.[side].samplesHit ?? 0),
        millis: total.millis + (r.gc?.[side].pauseMillis ?? 0),
        major: total.major + (r.gc?.[side].major ?? 0),
      }),
      { samples: 0, hit: 0, millis: 0, major: 0 },
    );
  const side = (s: ReturnType<typeof sum>) =>
    `${s.hit} of ${s.samples} samples (${s.millis.toFixed(0)} ms in all, ${s.major} mark-compact)`;
  return `Garbage collection inside measured samples, all operations above: endpoint ${side(sum('endpoint'))}; bare SQL ${side(sum('bare'))}. Young generation collected before each round: ${gcEachRound() ? 'yes' : 'no'}.`;
}

export const titles: Record<string, string> = { embedded: 'Embedded database (PGlite)', postgresql: 'PostgreSQL' };

export function markdownReport(report: BenchReport): string {
  const { machine, options } = report;
  const sections = report.databases.map((db) => {
    const title = titles[db.kind] ?? db.kind;
    if ('skipped' in db) return `## ${title}\n\nSkipped: ${db.skipped}\n`;
    const rows = toRows(foundationResults(db.results));
    return [
      `## ${title}`,
      '',
      `Server: ${db.serverVersion}. Data loaded in ${db.loadSeconds.toFixed(1)} s. Audit chain after the run: ${db.auditChain}.`,
      '',
      markdownTable(rows),
      '',
      verdictLine(rows),
      '',
      gcLine(db.results),
      '',
    ].join('\n');
  });
  const sizes = Object.entries(report.sizes)
    .map(([table, count]) => `${table} ${count.toLocaleString('en-US')}`)
    .join(', ');
  return `# Benchmarks

Written by \`npm run bench\` (bench/run-bench.ts) on ${report.date.toISOString()}; every run rewrites this file. Do not edit it by hand.

## Machine

- ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, ${machine.os}
- Node ${machine.node}, PGlite ${machine.pglite}; database server versions are under each table
- Run took ${Math.round(report.totalSeconds)} s in all; 1-minute load average ${report.loadAverages[0].toFixed(2)} at the start, ${report.loadAverages[1].toFixed(2)} at the end (above ${machine.cpus} would mean other work competed for the CPUs and p95 is noisier)

## Data

Generated from seed ${report.seed}, the same rows in both databases: ${sizes}.
About 15 countries with real IANA time zones; sponsors, CROs, SMOs and site organizations;
users with grants at platform, organization, study, site and study-site scope; an audit trail
hash-chained exactly as the app chains it (verified after each run).

Each operation: ${options.warmup} warm-up rounds, then up to ${options.iterations} measured rounds
(fewer, but at least ${options.minIterations}, when an operation passes ${options.maxMillis / 1000} s; see n).
Times are milliseconds.

${sections.join('\n')}
${startUpSection(report)}
${participantsSection(report)}
${twoSizesSection(report.twoSizes ?? [], report.databases)}
${importSection(report.imports ?? [])}
## How to run

\`\`\`sh
npm run bench
\`\`\`

PostgreSQL: \`BENCH_DATABASE_URL\` (default \`postgres://postgres@127.0.0.1:5432/trialdesk_bench\`) names
a database that is dropped and recreated; only names ending in \`_bench\` are accepted. When no
server answers, the PostgreSQL part is skipped with a message. Other knobs: \`BENCH_ITERATIONS\`,
\`BENCH_WARMUP\`, \`BENCH_MAX_SECONDS\` (per operation), \`BENCH_SEED\`, \`BENCH_DATABASES\`
(\`embedded,postgresql\`), and the size: \`BENCH_SITES\` (10,000), \`BENCH_STUDY_SITES\` (12,000),
\`BENCH_DOCUMENTS_PER_SITE\` (40), \`BENCH_PARTICIPANTS\` (200,000, about 20 visits each; 0 leaves
participants out). \`BENCH_TWO_SIZES=0\` leaves out the dashboards' second, one-tenth database (on PostgreSQL the
bench database's name with \`_tenth\` before \`_bench\`, dropped and recreated too);
\`BENCH_IMPORT_PARTICIPANTS\` (10,000) sizes the import and \`BENCH_IMPORT_TIMEOUT_SECONDS\` (1,800) bounds it;
\`BENCH_GC_EACH_ROUND=0\` turns off the collection before each round. A quick run: \`BENCH_SITES=1000 BENCH_STUDY_SITES=1500
BENCH_DOCUMENTS_PER_SITE=10 BENCH_PARTICIPANTS=20000 BENCH_ITERATIONS=30 BENCH_WARMUP=3 npm run bench\`
(it rewrites this file too). The PostgreSQL user must be a superuser (the default URL's is): the
participant load sets session_replication_role. The embedded database lives in a temporary directory that is removed
afterwards.

## What the numbers mean

- **endpoint**: one request from a client on the same machine to the real app (buildApp with
  every domain module, listening on 127.0.0.1) over HTTP with a session cookie, until the last
  byte of the answer: routing, authentication (session and grants look-ups), authorization,
  zod validation and serialization, and the SQL. One request at a time, so this is latency,
  not throughput.
- **bare SQL**: the same statements, with the same parameters, sent through the same
  Kysely/pg pool with no HTTP in between. They were recorded from the endpoint itself (Kysely's
  \`log\` option on a separate instance) and include the session and actor look-ups. For the
  write, the same statements in one transaction (visible-row read, versioned update, re-read,
  advisory lock, audit row), built by the same query-builder functions; the run stops if they
  differ from what the endpoint sent.
- **stmts**: statements per request; **n**: measured rounds. **ratio (p50)**: the same ratio on
  medians, for reading through noise; the target applies to the p95 ratio.
- **ratio** = endpoint p95 / (bare SQL p95 + health p95). GET /api/health is the fixed cost of
  a round trip through the framework (it runs \`select 1\`). A ratio near 1 means the API adds
  nothing beyond one round trip; the target is <= ${targetRatio}. The ratio isolates the app's
  overhead: slow SQL served well has a ratio near 1 and shows in the bare SQL columns instead;
  a high ratio points at per-request work in the app (validation, serialization of large
  answers) or at something the SQL alone does not show.
- The endpoint and its bare SQL run in alternation (order swapped each round), so drift affects
  both alike. The planner statistics are fresh (ANALYZE after loading).
- **Garbage collection** (issue 10, item 5: why embedded p95 ratios reached 1.5–2.4 while their
  medians stayed at 1.0–1.4). The bench's HTTP client, the server and the embedded database run
  in one Node process, and V8 collects the young generation (a scavenge, which pauses the
  process) whenever allocation fills it. Measured at a reduced size (1,000 sites, 20,000
  participants, 120 rounds per operation, each \`gc\` performance entry matched to the sample it
  fell in): 5–24 scavenges per operation, nearly every one inside an endpoint sample and almost
  none inside a bare-SQL sample, so 4–14% of the endpoint's samples carried a pause of several
  ms: exactly the tail that p95 reads. The bare side allocates little (rows parsed, not
  validated, serialized to JSON, sent over HTTP and read back by the client), so the young
  generation overflowed during the endpoint, and the request in flight paid for garbage left by
  earlier rounds, by the bare side and by the bench's own HTTP client. Leaving those samples out
  lowered endpoint p95 by up to a third while bare p95 did not move. The single connection, the
  wire-protocol emulation (bare SQL goes through the same pg-over-PGlite pool) and the order of
  the two sides are the same on both sides and show in both medians; they do not explain a tail
  on one side. So \`npm run bench\` runs Node with \`--expose-gc\` and collects the young
  generation before each round (as JMH's \`-gc\` option does between iterations), and a full
  collection before each operation: every sample starts from the same state and pays only for
  the collections its own garbage causes (a large answer still does). The pauses that still
  fall inside samples are counted under each database's table. \`BENCH_GC_EACH_ROUND=0\` measures
  the old way.
`;
}
