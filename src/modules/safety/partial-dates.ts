/** Partial dates as adverse events are reported (CDISC SDTM --STDTC style): YYYY, YYYY-MM or YYYY-MM-DD. */

const partial = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function isPartialDate(value: string): boolean {
  const match = partial.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  if (m === undefined) return Number(y) >= 1900;
  const month = Number(m);
  if (month < 1 || month > 12) return false;
  if (d === undefined) return true;
  const day = Number(d);
  return day >= 1 && day <= new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
}

/**
 * Whether `later` is certainly before `earlier`: compared at the precision both carry, so
 * 2026-03 is not before 2026-03-15 (the month is not known to end before the day).
 */
export function isCertainlyBefore(later: string, earlier: string): boolean {
  const length = Math.min(later.length, earlier.length);
  return later.slice(0, length) < earlier.slice(0, length);
}
