/**
 * Runs a test file as if it were another moment: when TRIALDESK_TEST_NOW holds an ISO instant,
 * `Date.now()` and `new Date()` start from it and keep running at the real pace. Tests that
 * depend on today's date, weekday or time zone prove they hold on any day this way (.ci/run
 * sweeps a week, two DST changes and a year end; TZ picks the zone of each run).
 *
 * Not vi.useFakeTimers: its Date is frozen (or ticks in fixed steps on a timer), and a frozen
 * clock breaks session expiry, timeouts and the embedded database's own timing. PGlite runs in
 * this process and reads JS Date for now() and current_date, so the database follows the shift;
 * a PostgreSQL server keeps its own clock, which is why the sweep runs on the embedded database.
 */
const target = process.env.TRIALDESK_TEST_NOW;

// A worker may run several files: always shift the original Date, never a shifted one.
const originalKey = Symbol.for('trialdesk.originalDate');
type WithOriginal = typeof globalThis & { [originalKey]?: DateConstructor };

if (target) {
  const at = Date.parse(target);
  if (Number.isNaN(at)) throw new Error(`TRIALDESK_TEST_NOW is not an ISO instant: ${target}`);
  const global = globalThis as WithOriginal;
  const RealDate = global[originalKey] ?? Date;
  global[originalKey] = RealDate;
  const offset = at - RealDate.now();

  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
    // A Date made before the shift, or by code that kept the original, is still a Date.
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof RealDate;
    }
  }
  // `Date()` without `new` returns the current time as a string; a class cannot be called.
  globalThis.Date = new Proxy(ShiftedDate, { apply: () => new ShiftedDate().toString() }) as DateConstructor;
}
