import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { localDate, utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField, notFound } from '../../platform/errors.js';
import {
  dailyCounts,
  findStudyForEnrollment,
  listStudySitesForEnrollment,
  readsEveryStudySite,
  type StudyForEnrollment,
  type StudySiteForEnrollment,
  totalsByStudySite,
} from './enrollment.repo.js';
import type { Enrollment, EnrollmentQuery } from './enrollment.schemas.js';
import { addToFunnel, cumulativeSeries, emptyFunnel, type TargetLine } from './enrollment-series.js';

/** The study's target from planned first to last participant in. */
function studyLine(study: StudyForEnrollment): TargetLine | null {
  const { enrollment_target: target, planned_fpi_date: start, planned_lpi_date: end } = study;
  return target !== null && start && end ? { target, start, end } : null;
}

/** A study-site's target from its activation (else the study's planned FPI) to the study's planned LPI. */
function studySiteLine(site: StudySiteForEnrollment, study: StudyForEnrollment): TargetLine | null {
  const start = site.activation_date ?? study.planned_fpi_date;
  const end = study.planned_lpi_date;
  return site.target_enrollment !== null && start && end ? { target: site.target_enrollment, start, end } : null;
}

/**
 * A study's day differs by site: the study's today is the latest of its sites' days, so what a
 * site ahead of UTC recorded today is already in the series.
 */
function studyToday(now: Date, sites: StudySiteForEnrollment[]): string {
  return sites.map((site) => localDate(now, site.time_zone)).reduce((latest, day) => (day > latest ? day : latest), utcDate(now));
}

/**
 * The enrollment funnel of a study (or one study-site) against target, now and over time. A
 * caller who sees only some study-sites (a site's coordinator) gets those, and the target line
 * of those study-sites rather than the whole study's.
 */
export async function getEnrollment(db: Kysely<DB>, ctx: RequestContext, studyId: string, query: EnrollmentQuery): Promise<Enrollment> {
  const study = await findStudyForEnrollment(db, ctx, studyId);
  if (!study) throw notFound('study');
  const sites = await listStudySitesForEnrollment(db, ctx, studyId);
  const covered = query.studySiteId ? sites.filter((site) => site.id === query.studySiteId) : sites;
  if (query.studySiteId && covered.length === 0) throw invalidField('querystring:/studySiteId', 'No such study-site in this study.');

  const siteIds = sites.map((site) => site.id);
  const totalsRows = siteIds.length === 0 ? [] : await totalsByStudySite(db, ctx, studyId, siteIds);
  const sitesOut = sites.map((site) => {
    const row = totalsRows.find((totals) => totals.study_site_id === site.id);
    return {
      studySiteId: site.id,
      siteId: site.site_id,
      siteNumber: site.site_number,
      siteName: site.site_name,
      targetEnrollment: site.target_enrollment,
      activationDate: site.activation_date,
      ...(row ? addToFunnel(emptyFunnel(), row) : emptyFunnel()),
    };
  });

  const wholeStudy = !query.studySiteId && (await readsEveryStudySite(db, ctx, studyId));
  const lines = wholeStudy ? [studyLine(study)] : covered.map((site) => studySiteLine(site, study));
  const usable = lines.filter((line): line is TargetLine => line !== null);
  const target = wholeStudy ? study.enrollment_target : sumOrNull(covered.map((site) => site.target_enrollment));

  const coveredIds = covered.map((site) => site.id);
  const days = coveredIds.length === 0 ? [] : await dailyCounts(db, ctx, studyId, coveredIds);
  const today = studyToday(ctx.now(), sites);
  const totals = days.reduce((funnel, day) => addToFunnel(funnel, day), emptyFunnel());
  return {
    studyId,
    studySiteId: query.studySiteId ?? null,
    interval: query.interval,
    today,
    target,
    totals,
    sites: sitesOut,
    series: cumulativeSeries(days, today, query.interval, usable),
  };
}

function sumOrNull(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0);
}
