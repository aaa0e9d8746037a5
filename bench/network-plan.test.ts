import { describe, expect, it } from 'vitest';
import { spreadCounts } from './network-plan.js';
import { seededRandom } from './seeded-random.js';

describe('spreadCounts', () => {
  it('sums exactly to the total, each count between 1 and the maximum', () => {
    const weights = [40, 3, 15, 25, 3, 10, 40, 6];
    const counts = spreadCounts(seededRandom(3), weights, 100, 30);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...counts)).toBeLessThanOrEqual(30);
  });

  it('refuses a total that cannot fit', () => {
    expect(() => spreadCounts(seededRandom(3), [1, 1], 10, 4)).toThrow();
  });
});
