import { describe, expect, it } from 'vitest';
import { formatSampleValues, parseSampleValues } from './edit-checks-api';

describe('sample values of an edit check test case', () => {
  it('reads OID=value pairs, a blank value as missing, and writes them back the same way', () => {
    const values = parseSampleValues('Age=12; Pregnant = true;\nI.6=Berlin; WeeksPregnant=');
    expect(values).toEqual({ Age: '12', Pregnant: 'true', 'I.6': 'Berlin', WeeksPregnant: null });
    expect(formatSampleValues(values)).toBe('Age=12; Pregnant=true; I.6=Berlin; WeeksPregnant=');
    expect(formatSampleValues({ Age: 40, Smoker: false })).toBe('Age=40; Smoker=false');
  });
});
