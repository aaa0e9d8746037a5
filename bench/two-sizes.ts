import { openBenchEmbedded, openBenchPostgres } from './bench-databases.js';
import { benchmarkDatabase, type DatabaseResult, type OperationFilter, type OperationResult } from './benchmark-database.js';
import { buildDataset } from './dataset.js';
import type { MeasureOptions } from './measure.js';
import type { NetworkSizes } from './network-plan.js';
import { planParticipants } from './participants-plan.js';
import { note } from './progress.js';
import { titles } from './report.js';
import { seededRandom } from './seeded-random.js';

/**
 * The dashboards whose cost must follow the data of the study (or site) they show, not the
 * data of every other study: the study's funnel, its completeness, its start-up board and a
 * site's calendar week.
 */
export const isDashboard: OperationFilter = (operation) =>
  operation.group === 'trivial' ||
  (!operation.label.startsWith('binder:') && /\/(enrollment|completeness|startup-board|calendar)\b/.test(operation.label));

/**
 * One tenth of the network with the same shape: a tenth of the sites, studies, study-sites,
 * organizations and users (and of the participants), so a study keeps about as many sites and
 * participants as at full size while the data of the other studies shrinks tenfold.
 */
export function tenthOf(sizes: NetworkSizes): NetworkSizes {
  const tenth = (n: number, least: number) => Math.max(least, Math.round(n / 10));
  return {
    ...sizes,
    sponsors: tenth(sizes.sponsors, 4),
    cros: tenth(sizes.cros, 2),
    smos: tenth(sizes.smos, 2),
    siteOrganizations: tenth(sizes.siteOrganizations, 20),
    sites: tenth(sizes.sites, 50),
    studies: tenth(sizes.studies, 10),
    studySites: tenth(sizes.studySites, 60),
    users: tenth(sizes.users, 60),
  };
}

export interface TwoSizes {
  kind: string;
  /** Rows of the study-site and participant tables at each size, for the reader to compare. */
  rows: { tenth: Record<string, number>; full: Record<string, number> };
  tenth: OperationResult[];
}

/** "GET /api/studies/{id}/completeness?withItems=true (63 sites)" and its actor: the same request at either size. */
const keyOf = (r: OperationResult) => `${r.label.replace(/ \([^)]*\)$/, '')}\u0000${r.actor}`;
const sizeNote = (r: OperationResult) => /\(([^)]*)\)$/.exec(r.label)?.[1] ?? '';
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

/** The "Dashboards at two sizes" part of docs/benchmarks.md. */
export function twoSizesSection(runs: readonly TwoSizes[], full: readonly (DatabaseResult | { kind: string; skipped: string })[]): string {
  if (runs.length === 0) return '';
  const count = (rows: Record<string, number>) =>
    Object.entries(rows)
      .map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
      .join(', ');
  const tables = runs.map((run) => {
    const fullRun = full.find((db): db is DatabaseResult => db.kind === run.kind && !('skipped' in db));
    const fullByKey = new Map((fullRun?.results ?? []).map((r) => [keyOf(r), r]));
    const lines = run.tenth
      .filter((r) => r.group !== 'trivial')
      .map((small) => {
        const large = fullByKey.get(keyOf(small));
        const growth = large ? large.endpoint.p95 / small.endpoint.p95 : undefined;
        return {
          growth,
          cells: [
            small.label.replace(/ \([^)]*\)$/, ''),
            small.actor,
            sizeNote(small) || '-',
            ms(small.endpoint.p50),
            ms(small.endpoint.p95),
            large ? sizeNote(large) || '-' : '-',
            large ? ms(large.endpoint.p50) : '-',
            large ? ms(large.endpoint.p95) : '-',
            growth === undefined ? '-' : growth.toFixed(2),
          ],
        };
      });
    // Noise on a shared 2-core machine moves p95 by a third either way; twice is growth.
    const grown = lines.filter((l) => l.growth !== undefined && l.growth > 2);
    const verdict =
      lines.length === 0
        ? 'No dashboard was measured at both sizes.'
        : grown.length === 0
          ? `p95 does not grow with the data of other studies: at ten times the data, every dashboard's p95 stays within 2× of its p95 at one tenth (largest full/tenth ${Math.max(...lines.map((l) => l.growth ?? 0)).toFixed(2)}).`
          : `p95 grows with the data of other studies for: ${grown.map((l) => `${l.cells[0]} (${l.cells[1]}, ${l.growth?.toFixed(2)}×)`).join('; ')}.`;
    return [
      `### ${titles[run.kind] ?? run.kind}`,
      '',
      `One tenth: ${count(run.rows.tenth)}. Full: ${count(run.rows.full)}.`,
      '',
      '| operation | actor | its size (tenth) | p50 (tenth) | p95 (tenth) | its size (full) | p50 (full) | p95 (full) | p95 full / tenth |',
      '|---|---|---|---:|---:|---|---:|---:|---:|',
      ...lines.map((l) => `| ${l.cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
      '',
      verdict,
      '',
    ].join('\n');
  });
  return `## Dashboards at two sizes

The funnel, completeness, start-up board and calendar, measured again (endpoint only, same method)
on a second database holding one tenth of the network: a tenth of the sites, studies, study-sites,
organizations, users and participants, generated from the same seed with the same shape, so the
study a dashboard shows holds about as many sites and participants at both sizes ("its size")
while the other studies' data is ten times larger in the full run. Endpoint times in milliseconds.

${tables.join('\n')}`;
}

export interface TenthRun {
  kinds: readonly string[];
  databaseUrl: string;
  seed: number;
  sizes: NetworkSizes;
  passwordHash: string;
  documentsPerSite: number;
  participants: number;
  today: string;
  options: MeasureOptions;
  /** The full-size results, for the row counts beside the tenth's. */
  full: readonly (DatabaseResult | { kind: string; skipped: string })[];
}

const rowsOf = (db: DatabaseResult, studySites: number): Record<string, number> => ({
  study_sites: studySites,
  documents: db.load.streamed.documents ?? 0,
  participants: db.participants?.load.rows.participants ?? 0,
  participant_visits: db.participants?.load.rows.participant_visits ?? 0,
});

/**
 * Builds the one-tenth dataset, loads it into a second database of each kind (its own data
 * directory; on PostgreSQL the bench database's name with `_tenth` before `_bench`) and
 * measures the dashboards on it. A database skipped at full size is skipped here too.
 */
export async function measureTenth(run: TenthRun, fullStudySites: number): Promise<TwoSizes[]> {
  const sizes = tenthOf(run.sizes);
  note(`one tenth: building the dataset (${sizes.sites} sites, ${sizes.studies} studies, ${sizes.studySites} study-sites)`);
  const dataset = buildDataset(run.seed, sizes, run.passwordHash, run.documentsPerSite);
  const count = Math.round(run.participants / 10);
  const plan =
    count > 0
      ? planParticipants(seededRandom(run.seed ^ 0x0b1a_2d04), dataset.network, dataset.people, count, run.today, run.seed)
      : undefined;
  const out: TwoSizes[] = [];
  for (const kind of run.kinds) {
    const full = run.full.find((db): db is DatabaseResult => db.kind === kind && !('skipped' in db));
    if (!full) continue;
    const url = new URL(run.databaseUrl);
    url.pathname = url.pathname.replace(/_bench$/, '_tenth_bench');
    const bench = kind === 'embedded' ? await openBenchEmbedded() : await openBenchPostgres(url.toString());
    if ('skipped' in bench) {
      note(`one tenth, ${kind}: skipped: ${bench.skipped}`);
      continue;
    }
    try {
      const result = await benchmarkDatabase(bench, dataset, run.options, plan, isDashboard);
      out.push({
        kind,
        rows: { tenth: rowsOf(result, dataset.network.studySites.length), full: rowsOf(full, fullStudySites) },
        tenth: result.results,
      });
    } catch (error) {
      // The full-size results are already in hand: a failure here must not cost them.
      note(`one tenth, ${kind}: failed: ${(error as Error).stack ?? error}`);
    } finally {
      await bench.dispose();
    }
  }
  return out;
}
