import type { DatabaseResult } from './benchmark-database.js';
import { type BenchReport, markdownTable, startUpResults, titles, toRows, verdictLine } from './report.js';
import { expiryReference } from './start-up-plan.js';

const count = (n: number) => n.toLocaleString('en-US');
const list = (sizes: Record<string, number>) =>
  Object.entries(sizes)
    .map(([table, n]) => `${table} ${count(n)}`)
    .join(', ');

/** The "Site start-up" part of docs/benchmarks.md: what was generated, how long it took, the tables. */
export function startUpSection(report: BenchReport): string {
  const measured = report.databases.filter((db): db is DatabaseResult => !('skipped' in db));
  const streamed = measured[0]?.load.streamed ?? {};
  const loadLines = measured.map((db) => {
    const s = db.load.seconds;
    return `- ${titles[db.kind] ?? db.kind}: foundation ${s.foundation.toFixed(1)} s, start-up tables ${s.startUp.toFixed(1)} s, documents with their versions and approvals (generated while inserted) ${s.documents.toFixed(1)} s; ${db.loadSeconds.toFixed(1)} s in all with ANALYZE`;
  });
  const tables = measured.map((db) =>
    [
      `### ${titles[db.kind] ?? db.kind}`,
      '',
      markdownTable(toRows(startUpResults(db.results))),
      '',
      verdictLine(toRows(startUpResults(db.results))),
      '',
    ].join('\n'),
  );
  return `## Site start-up

Same network and seed: ${report.documentsPerSite} documents per site, each with 2 versions. Rows: ${list({ ...report.startUpSizes, ...streamed })}.

Generation: ${report.buildSeconds.toFixed(1)} s to build the in-memory part of the dataset (foundation and start-up);
the documents are generated a chunk of 250 sites at a time while they are inserted (1,000-row INSERTs, one
transaction per chunk). Loading:

${loadLines.join('\n')}

What is in it: a principal investigator (with a login, who signs the delegation log and files the
site's documents), 1-2 sub-investigators and a coordinator per site; per study the six expected
documents (site: 04.01.02 IRB decision, 05.02.12 CTA, 05.02.08 FDA 1572; PI: 05.02.04 CV;
sub-investigator: 05.02.05 CV, 05.02.07 GCP), GCP, licence and protocol training requirements, the
twelve default delegation tasks and the default milestone template. Per site ${report.documentsPerSite} documents across real
TMF artifacts: the expected ones for each study the site runs (about 4% missing; the 1572 waived at
half the sites outside the US), then other site-level artifacts. Versions: 72% approved twice (renewed),
the rest with a second version submitted, returned or in draft, or never approved; every approved
version has its approval signature (SHA-256 content hash). Expiry dates of IRB decisions, CVs and
GCP certificates are spread around ${new Date(expiryReference).toISOString().slice(0, 10)}: about 12% expired, 12% expiring within
60 days. Training: GCP and licences with expiry dates spread the same way, protocol training for 92%
of people per study. Delegation log: the PI, each sub-investigator and the coordinator per study-site,
85% signed by the PI, 5% changed since signing, 10% unsigned. Milestones by study-site status.
The start-up rows carry no audit rows: the generated audit trail covers the foundation and stays a
whole chain; the PIs' logins hold no grants (their signatures are loaded, not made through the API).

The operations run as the same study manager (organization grant on the largest sponsor) and site
coordinator (site grants) as above; the study manager's study is their largest, the coordinator's is
the largest study at one of their sites. The completeness endpoint runs several queries and then
computes every expected item in TypeScript: its bare SQL is those queries replayed, so its ratio shows
the app's own computation. The health check row is the same as above.

${tables.join('\n')}`;
}
