import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import { visibleSites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { addDays, localDate, localDateTime } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { studySiteIdIn } from '../participants/participant-access.repo.js';
import { type CalendarItem, upcomingDays } from './calendar.schemas.js';

/** One answer carries at most this many visits; a busier range says `truncated`. */
export const calendarItemLimit = 2000;

/**
 * Visits joined with what a calendar shows of them. Only pseudonymous columns are selected:
 * no identity table, no allocation, so neither a name nor an arm can reach a calendar.
 */
function selectCalendarVisits(db: Kysely<DB>) {
  return db
    .selectFrom('participant_visits as pv')
    .innerJoin('participants as p', 'p.id', 'pv.participant_id')
    .innerJoin('study_sites', 'study_sites.id', 'pv.study_site_id')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .leftJoin('people as staff', 'staff.id', 'pv.appointment_staff_person_id')
    .select([
      'pv.id',
      'pv.participant_id',
      'p.subject_number',
      'studies.id as study_id',
      'studies.short_name as study_short_name',
      'pv.study_site_id',
      'sites.id as site_id',
      'study_sites.site_number',
      'sites.name as site_name',
      'sites.time_zone',
      'pv.code',
      'pv.name',
      'pv.kind',
      'pv.target_date',
      'pv.window_start',
      'pv.window_end',
      'pv.status',
      'pv.actual_date',
      'pv.sequence',
      'p.coordinator_user_id',
      'pv.appointment_starts_at',
      'pv.appointment_ends_at',
      'pv.appointment_room',
      'pv.appointment_staff_person_id',
      'staff.full_name as appointment_staff_name',
    ]);
}

type CalendarVisitRow = Awaited<ReturnType<ReturnType<typeof selectCalendarVisits>['execute']>>[number];

/**
 * A visit is on the calendar of [from, to] when its window (or, without one, its target day)
 * overlaps the range, or when it was done on a day in the range (an unscheduled visit has
 * only its actual day).
 */
function inRange(from: string, to: string): Expression<SqlBool> {
  return sql<SqlBool>`(
    (coalesce(pv.window_start, pv.target_date) <= ${to}::date and coalesce(pv.window_end, pv.target_date) >= ${from}::date)
    or pv.actual_date between ${from}::date and ${to}::date
  )`;
}

const calendarOrder = sql`coalesce(pv.target_date, pv.actual_date), p.subject_number, pv.sequence, pv.id`;

export interface CalendarFilter {
  from: string;
  to: string;
  /** Only visits at this site's study-sites. */
  siteId?: string;
  /** Only visits of participants this user coordinates. */
  coordinatorUserId?: string;
}

/** The site, when the caller reads participants at one of its study-sites (else undefined: 404). */
export function findSiteForCalendar(db: Kysely<DB>, ctx: RequestContext, siteId: string) {
  return db
    .selectFrom('sites')
    .select(['sites.id', 'sites.time_zone'])
    .where('sites.id', '=', siteId)
    .where(visibleSites(scopeIds(ctx.actor, 'participant.read')))
    .executeTakeFirst();
}

/** Visits in a range at the study-sites where the caller may read participants. */
export async function listCalendarVisits(
  db: Kysely<DB>,
  ctx: RequestContext,
  filter: CalendarFilter,
): Promise<{ items: CalendarItem[]; truncated: boolean }> {
  let query = selectCalendarVisits(db).where(studySiteIdIn(ctx, 'pv.study_site_id')).where(inRange(filter.from, filter.to));
  if (filter.siteId) query = query.where('study_sites.site_id', '=', filter.siteId);
  if (filter.coordinatorUserId) query = query.where('p.coordinator_user_id', '=', filter.coordinatorUserId);
  const rows = await query
    .orderBy(calendarOrder)
    .limit(calendarItemLimit + 1)
    .execute();
  const now = ctx.now();
  return {
    items: rows.slice(0, calendarItemLimit).map((row) => toCalendarItem(row, localDate(now, row.time_zone))),
    truncated: rows.length > calendarItemLimit,
  };
}

/**
 * Overdue: still scheduled after the last day it could be done in window. Upcoming: still
 * scheduled and due from today to `upcomingDays` ahead. A visit inside its window but past its
 * target day is neither: it is due now. Both are judged on the site's own calendar day.
 */
export function visitTiming(
  visit: { status: string; target_date: string | null; window_end: string | null },
  siteToday: string,
): { overdue: boolean; upcoming: boolean } {
  if (visit.status !== 'scheduled') return { overdue: false, upcoming: false };
  const lastDay = visit.window_end ?? visit.target_date;
  return {
    overdue: lastDay !== null && lastDay < siteToday,
    upcoming: visit.target_date !== null && visit.target_date >= siteToday && visit.target_date <= addDays(siteToday, upcomingDays),
  };
}

/** The booked time in the site's zone, the room and the staff member; null when not booked. */
function calendarAppointment(row: CalendarVisitRow): CalendarItem['appointment'] {
  const { appointment_starts_at: startsAt, appointment_ends_at: endsAt, appointment_staff_person_id: staffPersonId } = row;
  if (!startsAt || !endsAt || !staffPersonId) return null;
  return {
    startsAt: iso(startsAt),
    endsAt: iso(endsAt),
    localStart: localDateTime(startsAt, row.time_zone),
    localEnd: localDateTime(endsAt, row.time_zone),
    room: row.appointment_room,
    staffPersonId,
    staffName: row.appointment_staff_name ?? '',
  };
}

export function toCalendarItem(row: CalendarVisitRow, siteToday: string): CalendarItem {
  return {
    visitId: row.id,
    participantId: row.participant_id,
    subjectNumber: row.subject_number,
    studyId: row.study_id,
    studyShortName: row.study_short_name,
    studySiteId: row.study_site_id,
    siteId: row.site_id,
    siteNumber: row.site_number,
    siteName: row.site_name,
    code: row.code,
    name: row.name,
    kind: row.kind,
    targetDate: row.target_date,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    status: row.status as CalendarItem['status'],
    actualDate: row.actual_date,
    coordinatorUserId: row.coordinator_user_id,
    timeZone: row.time_zone,
    appointment: calendarAppointment(row),
    siteToday,
    ...visitTiming(row, siteToday),
  };
}

/**
 * The scheduled visits of one coordinator's participants due in [from, to], at the study-sites
 * where `ctx` (the feed owner, with the grants read now) may read participants.
 */
export function listFeedVisits(db: Kysely<DB>, ctx: RequestContext, coordinatorUserId: string, from: string, to: string) {
  return selectCalendarVisits(db)
    .where(studySiteIdIn(ctx, 'pv.study_site_id'))
    .where('p.coordinator_user_id', '=', coordinatorUserId)
    .where('pv.status', '=', 'scheduled')
    .where((eb) =>
      eb.or([
        eb.and([eb('pv.target_date', '>=', from), eb('pv.target_date', '<=', to)]),
        eb.and([
          eb('pv.appointment_starts_at', '>=', sql<Date>`${from}::date`),
          eb('pv.appointment_starts_at', '<', sql<Date>`${to}::date + 1`),
        ]),
      ]),
    )
    .orderBy(calendarOrder)
    .limit(calendarItemLimit)
    .execute();
}
