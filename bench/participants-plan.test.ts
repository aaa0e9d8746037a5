import { describe, expect, it } from 'vitest';
import { buildDataset } from './dataset.js';
import { defaultSizes } from './network-plan.js';
import {
  calendarWeek,
  canEnroll,
  daysBetween,
  endOfStudyDay,
  largestRemainders,
  planParticipants,
  screeningSpanDays,
  visitTemplate,
} from './participants-plan.js';
import { assertPlanAvoids, relationsInPlan } from './plan-check.js';
import { seededRandom } from './seeded-random.js';

describe('visitTemplate', () => {
  const visits = visitTemplate();

  it('is a year of visits: screening at consent, baseline at randomization, the rest from baseline in order', () => {
    expect(visits).toHaveLength(25);
    expect(visits.map((v) => v.sequence)).toEqual(visits.map((_, i) => i + 1));
    expect(new Set(visits.map((v) => v.code)).size).toBe(visits.length);
    expect(visits[0]).toMatchObject({ code: 'SCR', kind: 'screening', anchor: 'consent' });
    expect(visits[1]).toMatchObject({ code: 'BL', kind: 'baseline', anchor: 'randomization' });
    const fromBaseline = visits.slice(2);
    expect(fromBaseline.every((v) => v.anchor === 'baseline')).toBe(true);
    const days = fromBaseline.map((v) => v.targetDay);
    expect(days).toEqual([...days].sort((a, b) => a - b));
    expect(days.at(-1)).toBe(endOfStudyDay);
    expect(visits.at(-1)?.kind).toBe('end_of_study');
  });

  it('gives windows of at least 3 days wherever a visit day is jittered, and none at screening and baseline', () => {
    for (const v of visits.slice(2)) expect(Math.min(v.windowBeforeDays, v.windowAfterDays)).toBeGreaterThanOrEqual(3);
    expect(visits.slice(0, 2).every((v) => v.windowBeforeDays === 0 && v.windowAfterDays === 0)).toBe(true);
  });
});

describe('largestRemainders', () => {
  it('sums exactly to the total and follows the weights', () => {
    const counts = largestRemainders([1, 1, 1], 10);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10);
    expect(counts).toEqual([4, 3, 3]);
    expect(largestRemainders([0.5, 0, 0.25, 0.25], 8)).toEqual([4, 0, 2, 2]);
  });

  it('refuses weights that sum to nothing', () => {
    expect(() => largestRemainders([0, 0], 5)).toThrow();
  });
});

describe('calendarWeek', () => {
  it('runs Monday to Sunday around the day', () => {
    expect(calendarWeek('2026-11-22')).toEqual({ from: '2026-11-16', to: '2026-11-22' }); // a Sunday
    expect(calendarWeek('2026-11-16')).toEqual({ from: '2026-11-16', to: '2026-11-22' }); // a Monday
    expect(calendarWeek('2026-12-31')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(daysBetween('2026-12-28', '2027-01-03')).toBe(6);
  });
});

describe('planParticipants', () => {
  const sizes = { ...defaultSizes, sites: 600, siteOrganizations: 210, studySites: 900, studies: 60, loginsPerUser: 2 };
  const dataset = buildDataset(11, sizes, 'hash', 0);
  const today = '2026-11-22';
  const plan = planParticipants(seededRandom(5), dataset.network, dataset.people, 10_000, today, 11);

  it('spreads exactly the participants asked for, over activated study-sites only, with consecutive ordinals', () => {
    expect(plan.quotas.reduce((sum, q) => sum + q.participants, 0)).toBe(10_000);
    const byId = new Map(dataset.network.studySites.map((ss) => [ss.id, ss]));
    let next = 0;
    for (const q of plan.quotas) {
      const ss = byId.get(q.studySiteId);
      expect(ss && canEnroll(ss)).toBe(true);
      expect(q.offset).toBe(next);
      next += q.participants;
    }
  });

  it('screens between activation (at most a year and a half back) and today', () => {
    for (const q of plan.quotas) {
      expect(q.firstDay >= q.approvedOn).toBe(true);
      expect(daysBetween(q.firstDay, today)).toBe(q.days);
      expect(q.days).toBeGreaterThanOrEqual(1);
      expect(q.days).toBeLessThanOrEqual(screeningSpanDays);
    }
  });

  it('is skewed: the busiest tenth of study-sites holds far more than a tenth, the median site a handful', () => {
    const counts = plan.quotas.map((q) => q.participants).sort((a, b) => b - a);
    const top = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / 10_000).toBeGreaterThan(0.3);
    const median = counts[Math.floor(counts.length / 2)] ?? 0;
    expect(median).toBeLessThan(10_000 / counts.length);
  });

  it('gives the calendar coordinator participants at their own sites, whose coordinator they are', () => {
    const own = plan.quotas.filter((q) => q.coordinatorUserId === plan.coordinatorUserId);
    expect(own.length).toBeGreaterThan(0);
    const sites = new Set(
      dataset.people.grants.filter((g) => g.user_id === plan.coordinatorUserId && g.scope_type === 'site').map((g) => g.scope_id),
    );
    for (const q of own) expect(sites.has(q.siteId)).toBe(true);
  });

  it('is the same for the same seed', () => {
    const again = planParticipants(seededRandom(5), dataset.network, dataset.people, 10_000, today, 11);
    expect(again.quotas).toEqual(plan.quotas);
  });
});

describe('relationsInPlan and assertPlanAvoids', () => {
  const plan = `HashAggregate  (cost=10.1..12.2 rows=3 width=40)
  ->  Index Scan using enrollment_daily_study_idx on enrollment_daily  (cost=0.29..8.3 rows=1 width=36)
        Index Cond: (study_id = '…'::uuid)
  ->  Seq Scan on study_sites ss  (cost=0.00..1.1 rows=1 width=16)
  ->  Bitmap Heap Scan on public.sites
        ->  Bitmap Index Scan on sites_pkey
  ->  Index Only Scan Backward using participants_pkey on participants p`;

  it('names every relation a plan scans', () => {
    expect(relationsInPlan(plan)).toEqual(['enrollment_daily', 'participants', 'sites', 'study_sites']);
  });

  it('fails loudly when a plan mentions the forbidden relation, by scan or by index', () => {
    expect(() => assertPlanAvoids(plan, 'participant_visits', 'funnel')).not.toThrow();
    expect(() => assertPlanAvoids(`${plan}\n  ->  Seq Scan on participant_visits v`, 'participant_visits', 'funnel')).toThrow(/funnel/);
    expect(() => assertPlanAvoids('Index Scan using participant_visits_calendar_idx on x', 'participant_visits', 'funnel')).toThrow();
  });
});
