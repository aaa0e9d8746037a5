import { describe, expect, it } from 'vitest';
import { localDate } from '../../platform/dates.js';
import { findCycle, type PlanRecord, type PlanTemplateItem, planStudySite } from './milestone-plan.js';

const item = (code: string, days: number, dependsOn: string[] = [], required = false): PlanTemplateItem => ({
  id: code,
  code,
  sequence: 0,
  requiredForActivation: required,
  typicalDurationDays: days,
  dependsOn,
});

const template = [
  item('site_selected', 10, [], true),
  item('contract_executed', 30, ['site_selected'], true),
  item('irb_approval', 45, ['site_selected'], true),
  item('activation', 7, ['contract_executed', 'irb_approval']),
];

const input = { today: '2026-03-01', startDate: '2026-01-01', status: 'start_up', activationDate: null };

describe('planStudySite', () => {
  it('projects from the latest dependency plus typical durations, never before today', () => {
    const records = new Map<string, PlanRecord>([['site_selected', { plannedDate: null, actualDate: '2026-02-20' }]]);
    const plan = planStudySite(template, records, input);
    const by = Object.fromEntries(plan.items.map((i) => [i.code, i]));
    expect(by.site_selected).toMatchObject({ status: 'done', projectedDate: '2026-02-20' });
    // 02-20 + 30 = 03-22; 02-20 + 45 = 04-06; the later one + 7.
    expect(by.contract_executed?.projectedDate).toBe('2026-03-22');
    expect(by.irb_approval?.projectedDate).toBe('2026-04-06');
    expect(plan.projectedActivationDate).toBe('2026-04-13');
    expect(plan.openRequired).toEqual(['contract_executed', 'irb_approval']);
  });

  it('holds an overdue chain at today', () => {
    const records = new Map<string, PlanRecord>([['site_selected', { plannedDate: null, actualDate: '2025-01-01' }]]);
    const plan = planStudySite(template, records, input);
    expect(plan.items.find((i) => i.code === 'irb_approval')?.projectedDate).toBe('2026-03-01');
    expect(plan.projectedActivationDate).toBe('2026-03-08');
  });

  it('marks late before blocked, and blocked when a dependency is open', () => {
    const records = new Map<string, PlanRecord>([
      ['contract_executed', { plannedDate: '2026-02-01', actualDate: null }],
      ['irb_approval', { plannedDate: '2026-05-01', actualDate: null }],
    ]);
    const plan = planStudySite(template, records, input);
    const by = Object.fromEntries(plan.items.map((i) => [i.code, i]));
    expect(by.contract_executed).toMatchObject({ status: 'late', blockedBy: ['site_selected'] });
    expect(by.irb_approval).toMatchObject({ status: 'blocked' });
    expect(by.site_selected).toMatchObject({ status: 'open', projectedDate: '2026-03-01' });
    expect(plan.lateCount).toBe(1);
  });

  it('keeps only what was done at a closed site: no projection, nothing late or still required', () => {
    const records = new Map<string, PlanRecord>([
      ['site_selected', { plannedDate: null, actualDate: '2026-01-20' }],
      ['contract_executed', { plannedDate: '2026-02-01', actualDate: null }],
    ]);
    const plan = planStudySite(template, records, { ...input, status: 'closed' });
    const by = Object.fromEntries(plan.items.map((i) => [i.code, i]));
    expect(by.site_selected).toMatchObject({ status: 'done', projectedDate: '2026-01-20' });
    expect(by.contract_executed).toMatchObject({ status: 'open', plannedDate: '2026-02-01', projectedDate: null });
    expect(plan.items.filter((i) => i.projectedDate !== null).map((i) => i.code)).toEqual(['site_selected']);
    expect(plan).toMatchObject({ projectedActivationDate: null, openRequired: [], lateCount: 0 });
  });

  it('shows the activation date of a site past start-up', () => {
    const plan = planStudySite(template, new Map(), { ...input, status: 'active', activationDate: '2026-02-02' });
    expect(plan.projectedActivationDate).toBe('2026-02-02');
  });
});

describe('findCycle', () => {
  it('names the cycle', () => {
    expect(
      findCycle([
        { code: 'a', dependsOn: ['b'] },
        { code: 'b', dependsOn: ['c'] },
        { code: 'c', dependsOn: ['a'] },
      ]),
    ).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(template)).toBeNull();
  });
});

it('reads the local date of a time zone', () => {
  const now = new Date('2026-03-01T23:30:00Z');
  expect(localDate(now, 'Asia/Tokyo')).toBe('2026-03-02');
  expect(localDate(now, 'America/Chicago')).toBe('2026-03-01');
});
