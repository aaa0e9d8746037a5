import { type Kysely, sql } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import { visibleStudies, visibleStudySites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { DailyCounts } from './enrollment-series.js';

/**
 * The funnel reads only `enrollment_daily`, which triggers of migration 0008 keep in the same
 * transaction as each participant or candidate change: a study's funnel over time is then a few
 * hundred rows per study-site, where counting from `participants` (or visits) would scan every
 * participant on every request — the benchmark requires that the funnel never scans visits.
 */

export function findStudyForEnrollment(db: Kysely<DB>, ctx: RequestContext, studyId: string) {
  return db
    .selectFrom('studies')
    .select(['studies.id', 'studies.enrollment_target', 'studies.planned_fpi_date', 'studies.planned_lpi_date'])
    .where('studies.id', '=', studyId)
    .where(visibleStudies(scopeIds(ctx.actor, 'participant.read')))
    .executeTakeFirst();
}
export type StudyForEnrollment = NonNullable<Awaited<ReturnType<typeof findStudyForEnrollment>>>;

/** The study's study-sites whose participants the caller may read, by site number. */
export function listStudySitesForEnrollment(db: Kysely<DB>, ctx: RequestContext, studyId: string) {
  return db
    .selectFrom('study_sites')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .select([
      'study_sites.id',
      'study_sites.site_id',
      'study_sites.site_number',
      'sites.name as site_name',
      'sites.time_zone',
      'study_sites.target_enrollment',
      'study_sites.activation_date',
    ])
    .where('study_sites.study_id', '=', studyId)
    .where(visibleStudySites(scopeIds(ctx.actor, 'participant.read')))
    .orderBy('study_sites.site_number')
    .orderBy('study_sites.id')
    .execute();
}
export type StudySiteForEnrollment = Awaited<ReturnType<typeof listStudySitesForEnrollment>>[number];

/**
 * Does the caller read the participants of every study-site of the study? Then the study's own
 * target applies. Answers only about the caller's view: no hidden study-site is named or counted.
 */
export async function readsEveryStudySite(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<boolean> {
  const hidden = await db
    .selectFrom('study_sites')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .select('study_sites.id')
    .where('study_sites.study_id', '=', studyId)
    // coalesce: a filter over nullable columns (smo_org_id) may be null, and not null would hide a hidden site.
    .where(sql<boolean>`not coalesce(${visibleStudySites(scopeIds(ctx.actor, 'participant.read'))}, false)`)
    .limit(1)
    .executeTakeFirst();
  return !hidden;
}

/** The given study-sites of the study, narrowed to those whose participants the caller reads. */
function readableStudySiteIds(db: Kysely<DB>, ctx: RequestContext, studyId: string, studySiteIds: string[]) {
  return db
    .selectFrom('study_sites')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .select('study_sites.id')
    .where('study_sites.study_id', '=', studyId)
    .where('study_sites.id', 'in', studySiteIds)
    .where(visibleStudySites(scopeIds(ctx.actor, 'participant.read')));
}

const sums = [
  sql<number>`sum(prescreened)::int`.as('prescreened'),
  sql<number>`sum(screened)::int`.as('screened'),
  sql<number>`sum(screen_failed)::int`.as('screenFailed'),
  sql<number>`sum(enrolled)::int`.as('enrolled'),
  sql<number>`sum(completed)::int`.as('completed'),
  sql<number>`sum(withdrawn)::int`.as('withdrawn'),
  sql<number>`sum(lost)::int`.as('lost'),
  sql<number>`sum(left_after_enrollment)::int`.as('leftAfterEnrollment'),
];

/** Each given study-site's totals, from enrollment_daily, where the caller reads its participants. */
export function totalsByStudySite(db: Kysely<DB>, ctx: RequestContext, studyId: string, studySiteIds: string[]) {
  return db
    .selectFrom('enrollment_daily')
    .select('study_site_id')
    .select(sums)
    .where('study_id', '=', studyId)
    .where('study_site_id', 'in', readableStudySiteIds(db, ctx, studyId, studySiteIds))
    .groupBy('study_site_id')
    .execute();
}

/** The day-by-day changes over the given study-sites the caller reads, oldest first, from enrollment_daily. */
export async function dailyCounts(db: Kysely<DB>, ctx: RequestContext, studyId: string, studySiteIds: string[]): Promise<DailyCounts[]> {
  return db
    .selectFrom('enrollment_daily')
    .select('day')
    .select(sums)
    .where('study_id', '=', studyId)
    .where('study_site_id', 'in', readableStudySiteIds(db, ctx, studyId, studySiteIds))
    .groupBy('day')
    .orderBy('day')
    .execute();
}

/**
 * Screened and enrolled totals of these study-sites (any studies) whose participants the caller
 * reads, from enrollment_daily by its primary key (study_site_id, day): the home page's
 * enrollment against target, without counting participants.
 */
export async function totalsOfStudySites(db: Kysely<DB>, ctx: RequestContext, studySiteIds: string[]) {
  if (studySiteIds.length === 0) return [];
  return db
    .selectFrom('enrollment_daily')
    .select(['study_site_id', sql<number>`sum(screened)::int`.as('screened'), sql<number>`sum(enrolled)::int`.as('enrolled')])
    .where(sql<boolean>`study_site_id = any(${studySiteIds}::uuid[])`)
    .where(
      'study_site_id',
      'in',
      db
        .selectFrom('study_sites')
        .innerJoin('studies', 'studies.id', 'study_sites.study_id')
        .select('study_sites.id')
        .where(sql<boolean>`study_sites.id = any(${studySiteIds}::uuid[])`)
        .where(visibleStudySites(scopeIds(ctx.actor, 'participant.read'))),
    )
    .groupBy('study_site_id')
    .execute();
}
