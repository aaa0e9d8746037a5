import { type Kysely, sql } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import { visibleStudySites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import type { SiteInStudy } from './completeness.js';

export const staffRoleOf = { principal_investigator: 'principal_investigator', sub_investigator: 'sub_investigator' } as const;

/**
 * The study-sites of a study the caller sees, for completeness; another site's file stays hidden.
 * Undefined when the study itself is not visible (404).
 */
export async function listVisibleSitesOfStudy(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  siteId?: string,
): Promise<SiteInStudy[] | undefined> {
  if (!(await findVisibleStudy(db, ctx, studyId))) return undefined;
  let q = db
    .selectFrom('study_sites')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .select([
      'study_sites.id as studySiteId',
      'sites.id as siteId',
      'sites.name as siteName',
      'study_sites.site_number as siteNumber',
      'sites.time_zone as timeZone',
    ])
    .where('study_sites.study_id', '=', studyId)
    .where(visibleStudySites(scopeIds(ctx.actor, 'document.read')))
    .orderBy(sql`study_sites.site_number`);
  if (siteId) q = q.where('study_sites.site_id', '=', siteId);
  return q.execute();
}

/**
 * What completeness is computed from, for sites the caller sees (listVisibleSitesOfStudy): the
 * study's rules, the sites' investigators on the day, the documents some rule expects, and
 * the waivers. A few set-wise queries for all sites at once, never one per site. Unscoped by
 * itself: the sites come from the gateway, and completeness must count every filed document.
 */
export async function unsafeReadCompletenessFacts(db: Kysely<DB>, studyId: string, sites: SiteInStudy[], today: string) {
  const siteIds = sites.map((s) => s.siteId);
  const rules = await db
    .selectFrom('document_rules')
    .innerJoin('tmf_artifacts', 'tmf_artifacts.artifact_number', 'document_rules.artifact_number')
    .select(['document_rules.artifact_number', 'document_rules.applies_to', 'tmf_artifacts.name'])
    .where('study_id', '=', studyId)
    .orderBy('document_rules.artifact_number')
    .execute();
  const staff = await db
    .selectFrom('site_staff')
    .innerJoin('people', 'people.id', 'site_staff.person_id')
    .select(['site_staff.site_id', 'site_staff.person_id', 'site_staff.role', 'people.full_name'])
    .where('site_staff.site_id', 'in', siteIds)
    .where('site_staff.role', 'in', Object.values(staffRoleOf))
    .where('site_staff.start_date', '<=', today)
    .where((eb) => eb.or([eb('site_staff.end_date', 'is', null), eb('site_staff.end_date', '>=', today)]))
    .orderBy('people.full_name')
    .execute();
  const personIds = [...new Set(staff.map((s) => s.person_id))];
  const documents = await db
    .selectFrom('documents')
    .leftJoin('document_versions as current', 'current.id', 'documents.current_version_id')
    .select([
      'documents.id',
      'documents.site_id',
      'documents.person_id',
      'documents.artifact_number',
      'documents.approved_version_id',
      'documents.approved_expiry_date',
      'current.review_status',
    ])
    .where('documents.study_id', '=', studyId)
    // Only artifacts some rule expects: the rest of the site file does not count here.
    .where('documents.artifact_number', 'in', rules.length ? rules.map((r) => r.artifact_number) : [''])
    .where((eb) =>
      eb.or([eb('documents.site_id', 'in', siteIds), ...(personIds.length ? [eb('documents.person_id', 'in', personIds)] : [])]),
    )
    .execute();
  const waivers = await db
    .selectFrom('document_waivers')
    .select(['site_id', 'person_id', 'artifact_number', 'reason'])
    .where('study_id', '=', studyId)
    .where('site_id', 'in', siteIds)
    .execute();
  return { rules, staff, documents, waivers };
}
