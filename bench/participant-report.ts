import type { DatabaseResult } from './benchmark-database.js';
import { screeningSpanDays, treatmentEveryDays, visitTemplate } from './participants-plan.js';
import { type BenchReport, markdownTable, participantResults, titles, toRows, verdictLine } from './report.js';

const count = (n: number) => n.toLocaleString('en-US');

/** The "Participants and visits" part of docs/benchmarks.md. */
export function participantsSection(report: BenchReport): string {
  const measured = report.databases.filter(
    (db): db is DatabaseResult & { participants: NonNullable<DatabaseResult['participants']> } => !('skipped' in db) && !!db.participants,
  );
  const first = measured[0];
  if (!report.participants || !first) return '';
  const rows = first.participants.load.rows;
  const sizes = Object.entries(rows)
    .map(([table, n]) => `${table} ${count(n)}`)
    .join(', ');
  const perParticipant = rows.participants ? (rows.participant_visits ?? 0) / rows.participants : 0;
  const loadLines = measured.map((db) => {
    const { seconds } = db.participants.load;
    const steps = Object.entries(seconds)
      .map(([step, s]) => `${step} ${s.toFixed(1)} s`)
      .join('; ');
    return `- ${titles[db.kind] ?? db.kind}: ${db.participants.loadSeconds.toFixed(1)} s in all (${steps})`;
  });
  const planLines = measured.flatMap((db) =>
    db.participants.funnelChecks.map(
      (check) =>
        `- ${titles[db.kind] ?? db.kind}, ${check.label} (${check.actor}): EXPLAIN of its ${check.statements} reading statements reads ${check.relations.join(', ')}; none mentions participant_visits.`,
    ),
  );
  const tables = measured.map((db) =>
    [
      `### ${titles[db.kind] ?? db.kind}`,
      '',
      markdownTable(toRows(participantResults(db.results))),
      '',
      verdictLine(toRows(participantResults(db.results))),
      '',
    ].join('\n'),
  );
  const visits = visitTemplate().length;
  return `## Participants and visits

Data sizes: ${sizes} (${perParticipant.toFixed(1)} visits per participant), at ${count(report.participants.studySites)} study-sites.

Generated inside each database with set-based SQL (INSERT … SELECT over generate_series and the loaded
study-sites; only the per-study-site quotas are sent), relative to the run's today, ${report.participants.today}.
Participants are spread over the activated study-sites, skewed like real enrollment (weight u^4: a
few sites recruit most, most sites a handful); each was screened within the ${screeningSpanDays} days before today
and randomized 7 to 28 days later. 18% fail screening, 8% withdraw and 3% are lost to follow-up
during their year; the rest complete it or are still on it. Each study has one final protocol
version of ${visits} visits (screening at consent, baseline at randomization, treatment visits every
${treatmentEveryDays} days, follow-up, end of study; windows of ±3 and ±7 days), approved at each site on
its activation day. Screen failures keep only their screening visit. By today, visits whose day has
passed are completed within their window (5% missed), visits after a withdrawal or loss are
cancelled, later ones scheduled. Every participant came from the pre-screening log, and half as
many again were pre-screened and never screened. ${
    report.participants.coordinatorIsFoundationPick
      ? 'The site coordinator is the one above.'
      : "The site coordinator is another coordinator than above (the foundation's has no site that has enrolled yet), with site grants."
  }
The study manager is the one above; their study is their sponsor's with the most participants.

Load (participants, candidates, visits, the funnel table and ANALYZE; foreign keys of the visits are
checked with one anti-join each after the insert instead of per row, and their secondary indexes
built after it):

${loadLines.join('\n')}

enrollment_daily: ${first.participants.load.enrollmentDaily}.

The funnel (GET /api/studies/{id}/enrollment) must not scan the visit table per request; the
benchmark EXPLAINs each statement it sends and stops if a plan mentions participant_visits:

${planLines.join('\n')}

${tables.join('\n')}`;
}
