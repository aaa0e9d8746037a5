import { describe, expect, it } from 'vitest';
import { overheadRatio, percentile, summarize } from './percentiles.js';

describe('percentile', () => {
  it('interpolates between the nearest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48);
  });

  it('returns the ends at 0 and 100', () => {
    expect(percentile([5, 1, 9], 0)).toBe(1);
    expect(percentile([5, 1, 9], 100)).toBe(9);
  });

  it('does not depend on input order and leaves the input alone', () => {
    const samples = [9, 1, 5, 3, 7];
    expect(percentile(samples, 50)).toBe(5);
    expect(samples).toEqual([9, 1, 5, 3, 7]);
  });

  it('gives the only sample for any percentile of one', () => {
    expect(percentile([4.2], 95)).toBe(4.2);
  });

  it('refuses no samples and percentiles out of range', () => {
    expect(() => percentile([], 50)).toThrow();
    expect(() => percentile([1], 101)).toThrow();
  });
});

describe('summarize', () => {
  it('counts and reports p50 and p95', () => {
    const samples = Array.from({ length: 101 }, (_, i) => i);
    expect(summarize(samples)).toEqual({ n: 101, p50: 50, p95: 95 });
  });
});

describe('overheadRatio', () => {
  it('divides the endpoint p95 by bare SQL plus one trivial round trip', () => {
    expect(overheadRatio(6, 3, 1)).toBe(1.5);
  });

  it('refuses a zero floor', () => {
    expect(() => overheadRatio(1, 0, 0)).toThrow();
  });
});
