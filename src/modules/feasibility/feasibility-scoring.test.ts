import { describe, expect, it } from 'vitest';
import { answerFraction, combineScores, cycleTimePoints, type HistoryComponent } from './feasibility-scoring.js';
import type { Question } from './questionnaire.schemas.js';

const number = (min: number | null, max: number | null): Question => ({
  id: 'n',
  kind: 'number',
  text: 'Patients per month',
  required: true,
  weight: 40,
  min,
  max,
  falloff: 10,
});

describe('number questions', () => {
  it('earn the full weight inside the range, falling linearly to 0 at falloff outside it', () => {
    const q = number(10, 20);
    expect([10, 15, 20].map((x) => answerFraction(q, x))).toEqual([1, 1, 1]);
    expect(answerFraction(q, 25)).toBe(0.5);
    expect(answerFraction(q, 7.5)).toBe(0.75);
    expect([0, 30, 31, -100].map((x) => answerFraction(q, x))).toEqual([0, 0, 0, 0]);
  });

  it('take an open end as no bound on that side', () => {
    expect(answerFraction(number(10, null), 1_000)).toBe(1);
    expect(answerFraction(number(10, null), 5)).toBe(0.5);
    expect(answerFraction(number(null, 20), -50)).toBe(1);
  });
});

describe('history', () => {
  it('gives start-up cycle time 100 points at 90 days or less, 0 at 270 or more, linear between', () => {
    expect([30, 90, 135, 180, 270, 400].map(cycleTimePoints)).toEqual([100, 100, 75, 50, 0, 0]);
  });

  it('leaves the final score to the answers when no history component is available', () => {
    const none: HistoryComponent = { name: 'enrollment_rate', unit: '', value: null, points: null, available: false, basis: '' };
    expect(combineScores(80, [none])).toEqual({ final: 80, answers: 80, history: null });
    const cycle: HistoryComponent = { name: 'startup_cycle_time', unit: 'days', value: 180, points: 50, available: true, basis: '' };
    // 80 × 0.7 + 50 × 0.3 = 56 + 15 = 71
    expect(combineScores(80, [cycle, none])).toEqual({ final: 71, answers: 80, history: 50 });
  });
});
