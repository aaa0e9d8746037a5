/**
 * Percentiles by linear interpolation between the two nearest ranks (what numpy and most
 * dashboards use), so p95 of 200 samples does not jump to the single worst one.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  if (p < 0 || p > 100) throw new Error(`percentile ${p} is outside 0..100`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  const highValue = sorted[high] as number;
  return lowValue + (highValue - lowValue) * (rank - low);
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
}

export function summarize(samples: readonly number[]): Summary {
  return { n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/**
 * How much the HTTP layer adds on top of the database work it cannot avoid: 1.0 means the
 * endpoint costs exactly its SQL plus one trivial round trip.
 */
export function overheadRatio(endpointP95: number, bareP95: number, healthP95: number): number {
  const floor = bareP95 + healthP95;
  if (floor <= 0) throw new Error('bare SQL and health p95 must be positive');
  return endpointP95 / floor;
}
