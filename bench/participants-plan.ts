import { addDays } from '../src/platform/dates.js';
import type { Network, StudySiteRow } from './network-plan.js';
import type { People } from './people-plan.js';
import type { Random } from './seeded-random.js';

/** Issue #4: 200,000 participants with about 20 visits each, 4,000,000 visits in all. */
export const defaultParticipants = 200_000;

/** Participants are screened over the last year and a half before the bench's "today". */
export const screeningSpanDays = 540;

/**
 * The schedule of activities every generated study uses: screening at consent, baseline at
 * randomization, then a year of treatment visits every 16 days, a follow-up and the end of
 * study. 25 visits: with about a fifth of participants failing screening (they keep only the
 * screening visit) the average is about 20 per participant.
 */
export interface VisitTemplate {
  code: string;
  name: string;
  kind: 'screening' | 'baseline' | 'treatment' | 'follow_up' | 'end_of_study';
  anchor: 'consent' | 'randomization' | 'baseline';
  targetDay: number;
  windowBeforeDays: number;
  windowAfterDays: number;
  sequence: number;
}

export const treatmentVisits = 21;
export const treatmentEveryDays = 16;
export const endOfStudyDay = 364;

export function visitTemplate(): VisitTemplate[] {
  const visits: VisitTemplate[] = [
    {
      code: 'SCR',
      name: 'Screening',
      kind: 'screening',
      anchor: 'consent',
      targetDay: 0,
      windowBeforeDays: 0,
      windowAfterDays: 0,
      sequence: 1,
    },
    {
      code: 'BL',
      name: 'Baseline',
      kind: 'baseline',
      anchor: 'randomization',
      targetDay: 0,
      windowBeforeDays: 0,
      windowAfterDays: 0,
      sequence: 2,
    },
  ];
  for (let k = 1; k <= treatmentVisits; k++) {
    const week = (k * treatmentEveryDays) / 7;
    visits.push({
      code: `T${String(k).padStart(2, '0')}`,
      name: `Treatment visit ${k} (day ${k * treatmentEveryDays}, week ${week.toFixed(week % 1 === 0 ? 0 : 1)})`,
      kind: 'treatment',
      anchor: 'baseline',
      targetDay: k * treatmentEveryDays,
      windowBeforeDays: 3,
      windowAfterDays: 3,
      sequence: visits.length + 1,
    });
  }
  visits.push(
    {
      code: 'FU',
      name: 'Follow-up',
      kind: 'follow_up',
      anchor: 'baseline',
      targetDay: 350,
      windowBeforeDays: 7,
      windowAfterDays: 7,
      sequence: visits.length + 1,
    },
    {
      code: 'EOS',
      name: 'End of study',
      kind: 'end_of_study',
      anchor: 'baseline',
      targetDay: endOfStudyDay,
      windowBeforeDays: 7,
      windowAfterDays: 7,
      sequence: visits.length + 2,
    },
  );
  return visits;
}

/** One study-site's share of the participants, screened between `firstDay` and the bench's today. */
export interface EnrollmentQuota {
  studySiteId: string;
  studyId: string;
  siteId: string;
  siteNumber: string;
  /** Day the site's IRB approved the protocol: its activation date. */
  approvedOn: string;
  firstDay: string;
  /** Days from firstDay to today (>= 1): screening days are drawn from [firstDay, firstDay + days). */
  days: number;
  /** The site's study coordinator whose calendar carries these participants (null: none on the platform). */
  coordinatorUserId: string | null;
  participants: number;
  /** Participants of the quotas before this one: the participant ordinals are offset + 1 … offset + participants. */
  offset: number;
}

export interface ParticipantPlan {
  today: string;
  seed: number;
  quotas: EnrollmentQuota[];
  visits: VisitTemplate[];
  participants: number;
  /** The site coordinator the participant operations act as (see calendarCoordinator). */
  coordinatorUserId: string;
}

/** Study-sites that have enrolled at some point: activated, whatever happened since. */
const enrollingStatuses = new Set(['active', 'enrollment_closed', 'closed']);

export function canEnroll(ss: StudySiteRow): ss is StudySiteRow & { activation_date: string } {
  return enrollingStatuses.has(ss.status ?? '') && typeof ss.activation_date === 'string';
}

/**
 * Spreads `participants` over the activated study-sites, skewed like real enrollment (a few
 * sites recruit most, most sites a handful): each site's weight is u^4 for a uniform u. The
 * coordinator the benchmark acts as works at busy sites (weight 1), so their calendar week
 * is a full one. Counts sum exactly to `participants` (largest remainders).
 */
export function planParticipants(
  rng: Random,
  network: Network,
  people: People,
  participants: number,
  today: string,
  seed: number,
): ParticipantPlan {
  const eligible = network.studySites.filter(canEnroll).filter((ss) => ss.activation_date < today);
  if (eligible.length === 0) throw new Error('no activated study-site to enroll participants at');
  const coordinatorUserId = calendarCoordinator(people, eligible);
  const coordinatorSites = new Set(
    people.grants.filter((g) => g.user_id === coordinatorUserId && g.scope_type === 'site').map((g) => g.scope_id),
  );
  const coordinatorOfSite = new Map<string, string>();
  for (const g of [...people.grants].sort((a, b) => a.user_id.localeCompare(b.user_id))) {
    if (g.role === 'study_coordinator' && g.scope_type === 'site' && g.scope_id && !coordinatorOfSite.has(g.scope_id)) {
      coordinatorOfSite.set(g.scope_id, g.user_id);
    }
  }
  // The bench's coordinator runs their own sites' calendars.
  for (const siteId of coordinatorSites) if (siteId) coordinatorOfSite.set(siteId, coordinatorUserId);

  const weights = eligible.map((ss) => (coordinatorSites.has(ss.site_id) ? 1 : rng.next() ** 4));
  const counts = largestRemainders(weights, participants);
  const earliest = addDays(today, -screeningSpanDays);
  const quotas: EnrollmentQuota[] = [];
  let offset = 0;
  eligible.forEach((ss, i) => {
    const count = counts[i] ?? 0;
    if (count === 0) return;
    const firstDay = ss.activation_date > earliest ? ss.activation_date : earliest;
    quotas.push({
      studySiteId: ss.id,
      studyId: ss.study_id,
      siteId: ss.site_id,
      siteNumber: ss.site_number,
      approvedOn: ss.activation_date,
      firstDay,
      days: Math.max(1, daysBetween(firstDay, today)),
      coordinatorUserId: coordinatorOfSite.get(ss.site_id) ?? null,
      participants: count,
      offset,
    });
    offset += count;
  });
  return { today, seed, quotas, visits: visitTemplate(), participants, coordinatorUserId };
}

/**
 * The coordinator whose calendar is measured: the foundation's coordinator when one of their
 * sites has enrolled in a study, else the coordinator with the most such study-sites (the
 * foundation picks the coordinator with the most sites, which may all be in start-up).
 */
export function calendarCoordinator(people: People, enrolling: readonly StudySiteRow[]): string {
  const enrollingAt = new Map<string, number>();
  for (const ss of enrolling) enrollingAt.set(ss.site_id, (enrollingAt.get(ss.site_id) ?? 0) + 1);
  const score = new Map<string, number>();
  for (const g of people.grants) {
    if (g.role !== 'study_coordinator' || g.scope_type !== 'site' || !g.scope_id) continue;
    score.set(g.user_id, (score.get(g.user_id) ?? 0) + (enrollingAt.get(g.scope_id) ?? 0));
  }
  const picked = people.picks.siteCoordinatorUserId;
  if ((score.get(picked) ?? 0) > 0) return picked;
  const best = [...score].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (!best || best[1] === 0) throw new Error('no site coordinator works at a site that has enrolled: no calendar to measure');
  return best[0];
}

/** Integer shares of `total` proportional to `weights`, summing exactly to `total`. */
export function largestRemainders(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new Error('weights must have a positive sum');
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return counts;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Participant number n (1-based) has id pg_temp.bench_uuid(prefix || n) (participants-load.ts). */
export function participantIdPrefix(seed: number): string {
  return `bench-participant:${seed}:`;
}

/** Monday to Sunday of the week holding `today`: the week a coordinator opens the calendar on. */
export function calendarWeek(today: string): { from: string; to: string } {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const from = addDays(today, -((weekday + 6) % 7));
  return { from, to: addDays(from, 6) };
}
