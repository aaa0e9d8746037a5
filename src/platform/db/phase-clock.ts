import { performance } from 'node:perf_hooks';

/**
 * Where long work spends its time, phase by phase (milliseconds summed per phase name): what a
 * benchmark passes to see which part of an import to make faster. The default records nothing.
 */
export interface PhaseClock {
  add(phase: string, ms: number): void;
}

export const noPhaseClock: PhaseClock = { add() {} };

/** Runs `work` and adds its duration to `phase`. */
export async function timed<T>(clock: PhaseClock, phase: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    clock.add(phase, performance.now() - start);
  }
}

/** The synchronous form of timed. */
export function timedSync<T>(clock: PhaseClock, phase: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    clock.add(phase, performance.now() - start);
  }
}
