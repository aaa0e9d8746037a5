import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { cycleTimePoints, type HistoryComponent, round2 } from './feasibility-scoring.js';
import { unsafeStartUpSpansOfSites } from './site-history.repo.js';

const dayMs = 86_400_000;

/**
 * A site's own record in Trialdesk, for each site of a short-list. Only what the data holds:
 * a component without data says so (`available: false`) instead of guessing a value.
 *
 * The result is an aggregate over the site's other studies, possibly other sponsors' studies:
 * only the mean and the count leave this function, never which studies they came from.
 */
export async function siteHistories(
  db: Kysely<DB>,
  sites: { siteId: string; studySiteId: string }[],
): Promise<Map<string, HistoryComponent[]>> {
  const cycleTimes = await startUpCycleTimes(db, sites);
  return new Map(
    sites.map(({ studySiteId }) => [studySiteId, [cycleTimeComponent(cycleTimes.get(studySiteId) ?? []), ...participantComponents]]),
  );
}

/** No participant data exists in Trialdesk yet; the participants module fills these in. */
const participantComponents: HistoryComponent[] = [
  {
    name: 'enrollment_rate',
    unit: 'participants per site-month',
    value: null,
    points: null,
    available: false,
    basis: 'Trialdesk holds no participant data yet (the participants module is not installed).',
  },
  {
    name: 'screen_failure_rate',
    unit: 'share of screened participants',
    value: null,
    points: null,
    available: false,
    basis: 'Trialdesk holds no screening data yet (the participants module is not installed).',
  },
];

function cycleTimeComponent(days: number[]): HistoryComponent {
  if (days.length === 0) {
    return {
      name: 'startup_cycle_time',
      unit: 'days',
      value: null,
      points: null,
      available: false,
      basis: 'The site has not been activated in another study in Trialdesk.',
    };
  }
  const mean = days.reduce((sum, d) => sum + d, 0) / days.length;
  return {
    name: 'startup_cycle_time',
    unit: 'days',
    value: round2(mean),
    points: cycleTimePoints(mean),
    available: true,
    basis: `Mean of ${days.length} activation${days.length === 1 ? '' : 's'} in other studies, from selection to active.`,
  };
}

/**
 * Start-up cycle time of each of the site's OTHER study-sites that reached 'active': from its
 * candidate→selected status change to its change to active, both read from the audit trail
 * (21 CFR 11.10(e): the trail is the record of when a status changed). Where the trail lacks a
 * change (a study-site created as selected or active), the study-site's created_at stands for
 * selection and its activation_date for activation. Negative spans (backfilled dates) are
 * left out.
 */
async function startUpCycleTimes(db: Kysely<DB>, sites: { siteId: string; studySiteId: string }[]): Promise<Map<string, number[]>> {
  const result = new Map<string, number[]>();
  if (sites.length === 0) return result;
  const siteIds = [...new Set(sites.map((s) => s.siteId))];
  const rows = await unsafeStartUpSpansOfSites(db, siteIds);
  for (const { siteId, studySiteId } of sites) {
    const days: number[] = [];
    for (const row of rows) {
      if (row.site_id !== siteId || row.id === studySiteId) continue;
      const start = new Date(row.selected_at ?? row.created_at).getTime();
      const endValue = row.active_at ?? (row.activation_date ? `${row.activation_date}T00:00:00Z` : null);
      if (endValue === null) continue;
      const span = (new Date(endValue).getTime() - start) / dayMs;
      if (span >= 0) days.push(span);
    }
    result.set(studySiteId, days);
  }
  return result;
}
