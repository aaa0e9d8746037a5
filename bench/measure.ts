import { performance } from 'node:perf_hooks';

export interface MeasureOptions {
  iterations: number;
  warmup: number;
  /** Stop early (after at least `minIterations`) when one operation has run this long. */
  maxMillis: number;
  minIterations: number;
}

export interface PairedSamples {
  endpoint: number[];
  bare: number[];
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/**
 * Times the endpoint and its bare SQL in alternation, swapping which goes first each round,
 * so that drift (caches warming, a checkpoint, GC) lands on both sides alike.
 */
export async function measurePair(
  endpoint: () => Promise<void>,
  bare: () => Promise<void>,
  options: MeasureOptions,
): Promise<PairedSamples> {
  for (let i = 0; i < options.warmup; i++) {
    await endpoint();
    await bare();
  }
  const samples: PairedSamples = { endpoint: [], bare: [] };
  const started = performance.now();
  for (let i = 0; i < options.iterations; i++) {
    if (i % 2 === 0) {
      samples.endpoint.push(await timed(endpoint));
      samples.bare.push(await timed(bare));
    } else {
      samples.bare.push(await timed(bare));
      samples.endpoint.push(await timed(endpoint));
    }
    if (i + 1 >= options.minIterations && performance.now() - started > options.maxMillis) break;
  }
  return samples;
}
