import { type PerformanceEntry, PerformanceObserver, performance } from 'node:perf_hooks';

export interface MeasureOptions {
  iterations: number;
  warmup: number;
  /** Stop early (after at least `minIterations`) when one operation has run this long. */
  maxMillis: number;
  minIterations: number;
}

/** Garbage-collection pauses that fell inside one side's measured samples. */
export interface GcShare {
  /** Samples during which at least one collection paused the process. */
  samplesHit: number;
  /** Milliseconds of collection inside those samples. */
  pauseMillis: number;
  /** Of them, mark-compact (major) collections. */
  major: number;
}

export interface PairedSamples {
  endpoint: number[];
  bare: number[];
  gc: { endpoint: GcShare; bare: GcShare };
}

/** Whether rounds start from a collected young generation: `gc` exposed (npm run bench) and not turned off. */
export function gcEachRound(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function' && process.env.BENCH_GC_EACH_ROUND !== '0';
}

// perf_hooks' NODE_PERFORMANCE_GC_MAJOR: a full mark-compact of the old generation.
const gcMajor = 4;

/**
 * Records every collection while it runs. Node reports collections after the fact, but with
 * their start time and duration, so each pause can be matched to the sample it fell in.
 */
function gcRecorder(): { stop(): PerformanceEntry[] } {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      entries.push(...observer.takeRecords());
      observer.disconnect();
      return entries;
    },
  };
}

interface Window {
  start: number;
  end: number;
  side: 'endpoint' | 'bare';
}

function shareOf(windows: readonly Window[], entries: readonly PerformanceEntry[], side: Window['side']): GcShare {
  const share: GcShare = { samplesHit: 0, pauseMillis: 0, major: 0 };
  for (const w of windows) {
    if (w.side !== side) continue;
    const inside = entries.filter((e) => e.startTime >= w.start && e.startTime < w.end);
    if (inside.length === 0) continue;
    share.samplesHit++;
    for (const e of inside) {
      share.pauseMillis += e.duration;
      if ((e as { detail?: { kind?: number } }).detail?.kind === gcMajor) share.major++;
    }
  }
  return share;
}

/**
 * Times the endpoint and its bare SQL in alternation, swapping which goes first each round,
 * so that drift (caches warming, a checkpoint) lands on both sides alike. Garbage collection
 * does not: the process that hosts the client, the server and the embedded database collects
 * when an allocation crosses a threshold, and the endpoint (HTTP client and server, JSON) is
 * the side that allocates. So the heap is collected before each round (when `gc` is exposed,
 * see run-bench.ts): each round starts from the same clean state and a sample pays only for
 * the garbage it makes itself, not for what earlier rounds and the other side left behind.
 * The pauses that still fall inside samples are counted per side and reported.
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
  const collect = (globalThis as { gc?: (options?: object) => void }).gc;
  const eachRound = collect && gcEachRound();
  // A full collection now, so old-generation garbage from loading and earlier operations is
  // not collected in the middle of this one.
  if (eachRound) collect({ type: 'major' });
  const samples: Pick<PairedSamples, 'endpoint' | 'bare'> = { endpoint: [], bare: [] };
  const windows: Window[] = [];
  const timed = async (side: Window['side'], work: () => Promise<void>) => {
    const start = performance.now();
    await work();
    const end = performance.now();
    windows.push({ start, end, side });
    samples[side].push(end - start);
  };
  const recorder = gcRecorder();
  const started = performance.now();
  let entries: PerformanceEntry[] = [];
  try {
    for (let i = 0; i < options.iterations; i++) {
      if (eachRound) collect({ type: 'minor' });
      if (i % 2 === 0) {
        await timed('endpoint', endpoint);
        await timed('bare', bare);
      } else {
        await timed('bare', bare);
        await timed('endpoint', endpoint);
      }
      if (i + 1 >= options.minIterations && performance.now() - started > options.maxMillis) break;
    }
  } finally {
    entries = recorder.stop();
  }
  return { ...samples, gc: { endpoint: shareOf(windows, entries, 'endpoint'), bare: shareOf(windows, entries, 'bare') } };
}
