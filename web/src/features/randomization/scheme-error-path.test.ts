import { describe, expect, it } from 'vitest';
import { schemeErrorPath } from './scheme-error-path';

describe("the randomization scheme form's error placement", () => {
  it('shows each API error under the input that holds it', () => {
    expect(schemeErrorPath('arms')).toBe('arms');
    expect(schemeErrorPath('arms.1.code')).toBe('arms.1.code');
    expect(schemeErrorPath('arms.0.ratio')).toBe('arms.0.ratio');
    expect(schemeErrorPath('blockSizes.1')).toBe('blockSizes');
    expect(schemeErrorPath('strataFactors.0.levels.2.code')).toBe('strataFactors.0.levels');
    expect(schemeErrorPath('strataFactors.1.label')).toBe('strataFactors.1.label');
    expect(schemeErrorPath('strataFactors')).toBe('strataFactors');
  });
});
