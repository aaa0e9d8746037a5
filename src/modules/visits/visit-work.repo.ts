import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { studySiteIdIn } from '../participants/participant-access.repo.js';
import { countsByStudySite, noWork, type SiteDay, type WorkRows } from '../study-sites/work-rows.js';

/**
 * The visits and deviations a home page lists (worklist module). Each query runs over the
 * study-sites it is given, each with its own calendar day (the site's today in its time zone),
 * and keeps the access rule of the list it links to: participants read at the study-site for
 * visits, deviations read there for deviations. Every condition is a range on an index:
 * (study_site_id, target_date) for what is due, the scheduled visits' last day (migration 0015)
 * for what is overdue, (study_site_id, status) for deviations.
 */

export const visitWorkKinds = ['today', 'week', 'overdue', 'missed'] as const;
export type VisitWorkKind = (typeof visitWorkKinds)[number];

/** Days after today that "this week" covers: today and the six days after it. */
export const weekDays = 6;
/** Missed visits stay on the home page this long, for the follow-up the protocol asks. */
export const missedLookbackDays = 30;

const lastDay = sql`coalesce(pv.window_end, pv.target_date)`;

/**
 * Today: due today, or today is the last day of its window. This week: due in the next six
 * days, or past its target day with the window closing in them. Overdue: still scheduled after
 * its window's last day (the missed-visit check has not run yet). Missed: recorded missed, due
 * within the last 30 days.
 */
function visitCondition(kind: VisitWorkKind): RawBuilder<boolean> {
  switch (kind) {
    case 'today':
      return sql<boolean>`pv.status = 'scheduled' and (pv.target_date = sd.today or ${lastDay} = sd.today)`;
    case 'week':
      return sql<boolean>`pv.status = 'scheduled' and (
        (pv.target_date > sd.today and pv.target_date <= sd.today + ${weekDays}::int)
        or (pv.target_date < sd.today and ${lastDay} > sd.today and ${lastDay} <= sd.today + ${weekDays}::int))`;
    case 'overdue':
      return sql<boolean>`pv.status = 'scheduled' and ${lastDay} < sd.today`;
    case 'missed':
      return sql<boolean>`pv.status = 'missed' and pv.target_date between sd.today - ${missedLookbackDays}::int and sd.today`;
  }
}

function siteDays(sites: SiteDay[]) {
  return sql`(select * from unnest(${sites.map((s) => s.studySiteId)}::uuid[], ${sites.map((s) => s.today)}::date[])) as sd(study_site_id, today)`;
}

export interface VisitWorkRow {
  id: string;
  participant_id: string;
  subject_number: string;
  study_site_id: string;
  code: string;
  name: string;
  target_date: string | null;
  window_start: string | null;
  window_end: string | null;
  status: string;
  today: string;
}

/** Visits of one kind at these study-sites, soonest first, where the caller reads participants. */
export async function listVisitWork(
  db: Kysely<DB>,
  ctx: RequestContext,
  sites: SiteDay[],
  kind: VisitWorkKind,
  limit: number,
): Promise<WorkRows<VisitWorkRow>> {
  if (sites.length === 0) return noWork();
  const from = sql`${siteDays(sites)} join participant_visits pv on pv.study_site_id = sd.study_site_id`;
  const where = sql`${visitCondition(kind)} and ${studySiteIdIn(ctx, 'pv.study_site_id')}`;
  const counts = await sql<{ study_site_id: string; count: string }>`select pv.study_site_id, count(*) as count from ${from}
    where ${where} group by pv.study_site_id`.execute(db);
  const total = counts.rows.reduce((sum, row) => sum + Number(row.count), 0);
  const rows =
    limit === 0 || total === 0
      ? []
      : (
          await sql<VisitWorkRow>`select pv.id, pv.participant_id, p.subject_number, pv.study_site_id, pv.code, pv.name,
          pv.target_date, pv.window_start, pv.window_end, pv.status, sd.today::text as today
          from ${from} join participants p on p.id = pv.participant_id
          where ${where}
          order by ${kind === 'missed' ? sql`pv.target_date desc` : sql`${lastDay}`}, pv.target_date, p.subject_number, pv.id
          limit ${limit}`.execute(db)
        ).rows;
  return { rows, counts: countsByStudySite(counts.rows) };
}

/**
 * Scheduled visits from today through the next six days at these study-sites, counted per
 * coordinator of the participant and study-site: a network lead's view of each coordinator's load.
 */
export async function countWeekVisitsByCoordinator(db: Kysely<DB>, ctx: RequestContext, sites: SiteDay[]) {
  if (sites.length === 0) return [];
  const result = await sql<{ coordinator_user_id: string | null; study_site_id: string; count: string }>`
    select p.coordinator_user_id, pv.study_site_id, count(*) as count
    from ${siteDays(sites)}
    join participant_visits pv on pv.study_site_id = sd.study_site_id
      and pv.target_date >= sd.today and pv.target_date <= sd.today + ${weekDays}::int
    join participants p on p.id = pv.participant_id
    where pv.status = 'scheduled' and ${studySiteIdIn(ctx, 'pv.study_site_id')}
    group by p.coordinator_user_id, pv.study_site_id`.execute(db);
  return result.rows.map((row) => ({ ...row, count: Number(row.count) }));
}

export interface DeviationWorkRow {
  id: string;
  study_site_id: string;
  participant_id: string | null;
  subject_number: string | null;
  category: string;
  description: string;
  occurred_on: string;
}

/** Open (not yet assessed) deviations at these study-sites, oldest first, where the caller reads deviations. */
export async function listOpenDeviations(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteIds: string[],
  limit: number,
): Promise<WorkRows<DeviationWorkRow>> {
  if (studySiteIds.length === 0) return noWork();
  const where = sql`d.status = 'open' and d.study_site_id = any(${studySiteIds}::uuid[])
    and ${studySiteIdIn(ctx, 'd.study_site_id', 'deviation.read')}`;
  const counts = await sql<{ study_site_id: string; count: string }>`select d.study_site_id, count(*) as count
    from protocol_deviations d where ${where} group by d.study_site_id`.execute(db);
  const total = counts.rows.reduce((sum, row) => sum + Number(row.count), 0);
  const rows =
    limit === 0 || total === 0
      ? []
      : (
          await sql<DeviationWorkRow>`select d.id, d.study_site_id, d.participant_id, p.subject_number, d.category, d.description, d.occurred_on
          from protocol_deviations d left join participants p on p.id = d.participant_id
          where ${where} order by d.occurred_on, d.id limit ${limit}`.execute(db)
        ).rows;
  return { rows, counts: countsByStudySite(counts.rows) };
}
