import { describe, expect, it } from 'vitest';
import { describeProtocolValue } from './protocol-history-labels';

describe("a protocol version's history in words", () => {
  it('reads arms, visits and criteria as a person would, not as stored objects', () => {
    expect(describeProtocolValue('arms.zen', { code: 'ZEN', name: 'Zenitumab', allocationRatio: 2, blindedLabel: null })).toBe(
      'Zenitumab (ZEN), ratio 2',
    );
    expect(
      describeProtocolValue('visits.w4', {
        code: 'W4',
        name: 'Week 4',
        kind: 'treatment',
        anchor: 'baseline',
        targetDay: 28,
        windowBeforeDays: 3,
        windowAfterDays: 3,
        procedures: [
          { code: 'VS', name: 'Vital signs', required: true },
          { code: 'LAB', name: 'Labs', required: false },
        ],
      }),
    ).toBe('Week 4: treatment, day 28 from baseline (−3/+3); Vital signs, Labs (optional)');
    expect(describeProtocolValue('criteria.inclusion.1', { kind: 'inclusion', number: 1, text: 'Adults' })).toBe('Inclusion 1: Adults');
    // Plain values keep the panel's own formatting.
    expect(describeProtocolValue('versionLabel', '2.0')).toBeUndefined();
  });
});
