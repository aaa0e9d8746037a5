import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import { type ResourceScope, scopeIds } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import { visibleStudySites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { localDate } from '../../platform/dates.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import { containing } from '../../platform/db/like.js';
import type { DB, StudySiteRow } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import type { ListStudySitesQuery, StudySite } from './study-site.schemas.js';

export type StudySiteJoined = StudySiteRow & {
  study_short_name: string;
  protocol_number: string;
  sponsor_org_id: string;
  cro_org_id: string | null;
  site_name: string;
  site_org_id: string;
  city: string | null;
  country: string;
  principal_investigator: string | null;
  smo_name: string | null;
  /** The site's IANA time zone: the study-site's dates are that site's calendar days. */
  time_zone: string;
};

export const studySiteColumns = {
  siteNumber: 'site_number',
  status: 'status',
  targetEnrollment: 'target_enrollment',
  activationDate: 'activation_date',
  smoOrgId: 'smo_org_id',
} as const;

export function toStudySite(row: StudySiteJoined): StudySite {
  return {
    id: row.id,
    studyId: row.study_id,
    studyShortName: row.study_short_name,
    protocolNumber: row.protocol_number,
    siteId: row.site_id,
    siteName: row.site_name,
    city: row.city,
    country: row.country,
    timeZone: row.time_zone,
    principalInvestigator: row.principal_investigator,
    siteNumber: row.site_number,
    status: row.status as StudySite['status'],
    targetEnrollment: row.target_enrollment,
    activationDate: row.activation_date,
    smoOrgId: row.smo_org_id,
    smoName: row.smo_name,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The study-site's calendar day at `now`: participants', visits' and approvals' dates are judged by it, never by the server's clock. */
export function studySiteToday(studySite: Pick<StudySiteJoined, 'time_zone'>, now: Date): string {
  return localDate(now, studySite.time_zone);
}

/** A study-site sits under its study (sponsor, CRO), its site (owner) and its SMO. */
export function studySiteScope(row: StudySiteJoined): ResourceScope {
  return {
    organizationIds: [row.sponsor_org_id, row.cro_org_id, row.site_org_id, row.smo_org_id],
    studyId: row.study_id,
    siteId: row.site_id,
    studySiteId: row.id,
  };
}

function selectStudySites(db: Kysely<DB>, ctx: RequestContext) {
  return db
    .selectFrom('study_sites')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .leftJoin('organizations as smo', 'smo.id', 'study_sites.smo_org_id')
    .selectAll('study_sites')
    .select([
      'studies.short_name as study_short_name',
      'studies.protocol_number',
      'studies.sponsor_org_id',
      'studies.cro_org_id',
      'sites.name as site_name',
      'sites.organization_id as site_org_id',
      'sites.city',
      'sites.country',
      'sites.principal_investigator',
      'sites.time_zone',
      'smo.name as smo_name',
    ])
    .where(visibleStudySites(scopeIds(ctx.actor, 'studySite.read')));
}

export async function findVisibleStudySite(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<StudySiteJoined | undefined> {
  return selectStudySites(db, ctx).where('study_sites.id', '=', id).executeTakeFirst();
}

/** Every study-site of a study that the caller sees, as rows (the audit trail decides per study-site what it shows). */
export function findVisibleStudySitesOfStudy(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<StudySiteJoined[]> {
  return selectStudySites(db, ctx).where('study_sites.study_id', '=', studyId).execute();
}

/** The study-site where a site takes part in a study, when the caller sees it. */
export async function findVisibleStudySiteOf(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  siteId: string,
): Promise<StudySiteJoined | undefined> {
  return selectStudySites(db, ctx).where('study_sites.study_id', '=', studyId).where('study_sites.site_id', '=', siteId).executeTakeFirst();
}

const sortExpressions = {
  siteNumber: sql`study_sites.site_number`,
  siteName: sql`lower(sites.name)`,
  status: sql`study_sites.status`,
  country: sql`sites.country`,
  activationDate: sql`coalesce(study_sites.activation_date, '9999-12-31'::date)`,
};

export async function listVisibleStudySites(db: Kysely<DB>, ctx: RequestContext, query: ListStudySitesQuery): Promise<Page<StudySite>> {
  let q = selectStudySites(db, ctx);
  if (query.studyId) q = q.where('study_sites.study_id', '=', query.studyId);
  if (query.siteId) q = q.where('study_sites.site_id', '=', query.siteId);
  if (query.status) q = q.where('study_sites.status', '=', query.status);
  if (query.country) q = q.where('sites.country', '=', query.country);
  if (query.q) {
    const pattern = containing(query.q);
    q = q.where((eb) =>
      eb.or([
        eb('sites.name', 'ilike', pattern),
        eb('study_sites.site_number', 'ilike', pattern),
        eb('sites.principal_investigator', 'ilike', pattern),
        eb('sites.city', 'ilike', pattern),
      ]),
    );
  }
  const rows = await keysetPage(
    q,
    sortExpressions[query.sort],
    sql`study_sites.id`,
    query.order,
    decodeCursor(query.cursor, query.sort === 'activationDate' ? 'date' : 'text'),
    query.limit,
  ).execute();
  return toPage(rows, query.limit, toStudySite);
}

/** A study's study-sites the caller may see; undefined when the study itself is not visible (404). */
export async function listVisibleStudySitesOfStudy(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  query: Omit<ListStudySitesQuery, 'studyId'>,
): Promise<Page<StudySite> | undefined> {
  if (!(await findVisibleStudy(db, ctx, studyId))) return undefined;
  return listVisibleStudySites(db, ctx, { ...query, studyId });
}

/**
 * How many of a study's visible study-sites are in each status, counted in SQL; undefined when
 * the study itself is not visible (404).
 */
export async function countVisibleStudySitesByStatus(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
): Promise<Record<string, number> | undefined> {
  if (!(await findVisibleStudy(db, ctx, studyId))) return undefined;
  const rows = await db
    .selectFrom('study_sites')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .select(['study_sites.status', (eb) => eb.fn.countAll<string>().as('count')])
    .where('study_sites.study_id', '=', studyId)
    .where(visibleStudySites(scopeIds(ctx.actor, 'studySite.read')))
    .groupBy('study_sites.status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

/** A site joins a study; the use case has checked the study, the site and the grant. Returns its id. */
export async function insertStudySite(tx: Kysely<DB>, values: Insertable<DB['study_sites']>): Promise<string> {
  const { id } = await tx.insertInto('study_sites').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/**
 * SQL filter for rows that belong to a study-site (`column` holds a study_sites.id): only
 * study-sites the caller sees with `permission`. One uncorrelated IN, the shape of scope-filters.repo.ts.
 */
export function inVisibleStudySite(ctx: RequestContext, column: string, permission: Permission = 'studySite.read'): RawBuilder<boolean> {
  const ids = scopeIds(ctx.actor, permission);
  if (ids.platform) return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(column)} in (select study_sites.id from study_sites
    join studies on studies.id = study_sites.study_id where ${visibleStudySites(ids)})`;
}

/** The most study-sites one caller's home page considers; a platform-wide grant sees the first ones. */
export const workStudySiteLimit = 1000;

/**
 * Every study-site the caller sees, with what decides how they reach it (sponsor, CRO, site
 * owner, SMO): the home page groups its work by these. Bounded by the caller's grants (and
 * `workStudySiteLimit`), found by index from the grant ids as the lists are.
 */
export function listStudySitesForWork(db: Kysely<DB>, ctx: RequestContext): Promise<StudySiteJoined[]> {
  return selectStudySites(db, ctx)
    .orderBy('studies.short_name')
    .orderBy('study_sites.site_number')
    .orderBy('study_sites.id')
    .limit(workStudySiteLimit)
    .execute();
}
