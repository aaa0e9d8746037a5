// Calendar days are 'YYYY-MM-DD' strings computed in UTC, so no local time zone shifts a day.

const dayMs = 86_400_000;
const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromTime = (time: number) => new Date(time).toISOString().slice(0, 10);

export const addDays = (day: string, days: number) => fromTime(toTime(day) + days * dayMs);

export const daysBetween = (from: string, to: string) => Math.round((toTime(to) - toTime(from)) / dayMs);

/** 0 = Monday … 6 = Sunday (ISO weeks, as the enrollment series uses). */
export const weekdayIndex = (day: string) => (new Date(toTime(day)).getUTCDay() + 6) % 7;

export const startOfWeek = (day: string) => addDays(day, -weekdayIndex(day));

export const startOfMonth = (day: string) => `${day.slice(0, 7)}-01`;

export function addMonths(day: string, months: number): string {
  const date = new Date(toTime(startOfMonth(day)));
  date.setUTCMonth(date.getUTCMonth() + months);
  return fromTime(date.getTime());
}

export function endOfMonth(day: string): string {
  return addDays(addMonths(day, 1), -1);
}

export type CalendarView = 'day' | 'week' | 'month';

/** The days a view shows: a month grid runs from the Monday before the 1st to the Sunday after the last day (≤ 42 days). */
export function viewRange(view: CalendarView, anchor: string): { from: string; to: string } {
  if (view === 'day') return { from: anchor, to: anchor };
  if (view === 'week') {
    const from = startOfWeek(anchor);
    return { from, to: addDays(from, 6) };
  }
  const from = startOfWeek(startOfMonth(anchor));
  return { from, to: addDays(startOfWeek(endOfMonth(anchor)), 6) };
}

export function stepAnchor(view: CalendarView, anchor: string, direction: 1 | -1): string {
  if (view === 'day') return addDays(anchor, direction);
  if (view === 'week') return addDays(anchor, 7 * direction);
  return addMonths(anchor, direction);
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const weekdayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export const monthTitle = (day: string) => `${monthNames[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;

/** A day with its weekday, 'Mon 2026-11-30': the day itself in the one format of the web app. */
export function shortDay(day: string): string {
  return `${weekdayNames[weekdayIndex(day)]} ${day}`;
}

export function viewTitle(view: CalendarView, anchor: string): string {
  if (view === 'month') return monthTitle(anchor);
  if (view === 'day') return shortDay(anchor);
  const { from, to } = viewRange('week', anchor);
  return `${shortDay(from)} – ${shortDay(to)}`;
}
