// Runs the tests that depend on today's date, weekday or time zone as if it were each day of one
// week, the nights of a US and an EU daylight-saving change and a year end, in time zones on both
// sides of UTC. Those tests carry the tag `today` (declared in vitest.config.ts): a whole file by
// `// @module-tag today` on its first line, a describe or test by `{ tags: ['today'] }`, so a new
// one joins the sweep by saying so. test/support/shift-clock.ts moves the clock.
// Embedded database only: PGlite follows the shifted clock, a PostgreSQL server would not.
// Usage: node scripts/test-clock-sweep.mjs [report-dir [label…]]   (one JSON report per moment there)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LA = 'America/Los_Angeles';
const AKL = 'Pacific/Auckland';

// A week that holds a year end, then the nights of the US and EU spring-forward changes. Hours
// near midnight UTC on purpose: there the date at the test sites (Chicago) or in the process's
// zone differs from the UTC date, which is where day arithmetic goes wrong.
const moments = [
  { label: 'mon', now: '2026-12-28T23:30:00Z', tz: AKL },
  { label: 'tue', now: '2026-12-29T05:30:00Z', tz: LA },
  { label: 'wed', now: '2026-12-30T12:00:00Z', tz: 'UTC' },
  // The year ends: Auckland is already in 2027, Chicago in the afternoon of 31 December.
  { label: 'thu-year-end', now: '2026-12-31T23:30:00Z', tz: AKL },
  // 2027 in UTC, still 2026 in Chicago and Los Angeles.
  { label: 'fri-new-year', now: '2027-01-01T05:30:00Z', tz: LA },
  { label: 'sat', now: '2027-01-02T11:30:00Z', tz: 'Europe/Berlin' },
  { label: 'sun', now: '2027-01-03T23:30:00Z', tz: 'UTC' },
  // US clocks spring forward at 2:00 local on 14 March 2027: Chicago is at 01:30, Los Angeles still on the 13th.
  { label: 'us-dst', now: '2027-03-14T07:30:00Z', tz: LA },
  // EU clocks spring forward at 01:00 UTC on 28 March 2027: Berlin is at 01:30, Auckland in the afternoon.
  { label: 'eu-dst', now: '2027-03-28T00:30:00Z', tz: 'Europe/Berlin' },
];

// Named on the command line as well as filtered by tag: vitest would otherwise load every
// other test file only to skip it, at each moment.
const tagged = ['src', 'bench']
  .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => join(dir, file)))
  .filter((file) => file.endsWith('.test.ts') && /^\/\/ @module-tag today$|tags: \[[^\]]*'today'/m.test(readFileSync(file, 'utf8')))
  .sort();
if (tagged.length === 0) throw new Error("No test carries the tag 'today'.");
console.log(`The clock sweep runs ${tagged.length} test files:\n  ${tagged.join('\n  ')}`);

const [reportDir = 'test-results', ...only] = process.argv.slice(2);
mkdirSync(reportDir, { recursive: true });
let failed = 0;
for (const { label, now, tz } of moments.filter((moment) => only.length === 0 || only.includes(moment.label))) {
  console.log(`== tests that read today's date, as if it were ${now} in ${tz}`);
  const started = Date.now();
  // --no-isolate: the files of one moment share their imports of the app (10 s of imports
  // instead of 77 s on two cores); each file still opens its own database and app.
  const args = ['vitest', 'run', '--no-isolate', '--tags-filter', 'today', '--reporter=dot', '--reporter=json'];
  args.push(`--outputFile.json=${join(reportDir, `clock-${label}.json`)}`, ...tagged);
  const env = { ...process.env, TRIALDESK_TEST_NOW: now, TZ: tz };
  delete env.TEST_DATABASE_URL;
  const result = spawnSync('npx', args, { stdio: 'inherit', env });
  if (result.status !== 0) failed += 1;
  console.log(`   ${label}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
}
process.exit(failed === 0 ? 0 : 1);
