import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import { type ResourceScope, scopeIds } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import { visibleStudies, visibleStudySites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import { containing } from '../../platform/db/like.js';
import type { DB, StudyRow } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import type { ListStudiesQuery, Study } from './study.schemas.js';

type StudyWithNames = StudyRow & { sponsor_name: string; cro_name: string | null; site_count: number };

export function toStudy(row: StudyWithNames): Study {
  return {
    id: row.id,
    sponsorOrgId: row.sponsor_org_id,
    croOrgId: row.cro_org_id,
    protocolNumber: row.protocol_number,
    title: row.title,
    shortName: row.short_name,
    phase: row.phase as Study['phase'],
    therapeuticArea: row.therapeutic_area,
    indication: row.indication,
    status: row.status as Study['status'],
    enrollmentTarget: row.enrollment_target,
    plannedSites: row.planned_sites,
    plannedFpiDate: row.planned_fpi_date,
    plannedLpiDate: row.planned_lpi_date,
    sponsorName: row.sponsor_name,
    croName: row.cro_name,
    siteCount: Number(row.site_count),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The organizations and study a grant may name to cover this study. */
export function studyScope(study: { id: string; sponsor_org_id: string; cro_org_id: string | null }): ResourceScope {
  return { organizationIds: [study.sponsor_org_id, study.cro_org_id], studyId: study.id };
}

function selectStudies(db: Kysely<DB>, ctx: RequestContext) {
  const studySiteIds = scopeIds(ctx.actor, 'studySite.read');
  return db
    .selectFrom('studies')
    .innerJoin('organizations as sponsor', 'sponsor.id', 'studies.sponsor_org_id')
    .leftJoin('organizations as cro', 'cro.id', 'studies.cro_org_id')
    .selectAll('studies')
    .select(['sponsor.name as sponsor_name', 'cro.name as cro_name'])
    .select(
      // Counts only the study-sites the caller may see: a site user learns nothing of the others.
      sql<number>`(select count(*) from study_sites where study_sites.study_id = studies.id and ${visibleStudySites(studySiteIds)})`.as(
        'site_count',
      ),
    )
    .where(visibleStudies(scopeIds(ctx.actor, 'study.read')));
}

export async function findVisibleStudy(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<StudyWithNames | undefined> {
  return selectStudies(db, ctx).where('studies.id', '=', id).executeTakeFirst();
}

const sortExpressions = {
  protocolNumber: sql`lower(studies.protocol_number)`,
  shortName: sql`lower(studies.short_name)`,
  phase: sql`studies.phase`,
  status: sql`studies.status`,
  plannedFpiDate: sql`coalesce(studies.planned_fpi_date, '9999-12-31'::date)`,
};

export async function listVisibleStudies(db: Kysely<DB>, ctx: RequestContext, query: ListStudiesQuery): Promise<Page<Study>> {
  let q = selectStudies(db, ctx);
  if (query.status) q = q.where('studies.status', '=', query.status);
  if (query.phase) q = q.where('studies.phase', '=', query.phase);
  if (query.sponsorOrgId) q = q.where('studies.sponsor_org_id', '=', query.sponsorOrgId);
  if (query.q) {
    const pattern = containing(query.q);
    q = q.where((eb) =>
      eb.or([
        eb('studies.protocol_number', 'ilike', pattern),
        eb('studies.short_name', 'ilike', pattern),
        eb('studies.title', 'ilike', pattern),
        eb('studies.indication', 'ilike', pattern),
      ]),
    );
  }
  const rows = await keysetPage(
    q,
    sortExpressions[query.sort],
    sql`studies.id`,
    query.order,
    decodeCursor(query.cursor, query.sort === 'plannedFpiDate' ? 'date' : 'text'),
    query.limit,
  ).execute();
  return toPage(rows, query.limit, toStudy);
}

/** API field names of a study and the columns they are stored in. */
export const studyColumns = {
  sponsorOrgId: 'sponsor_org_id',
  croOrgId: 'cro_org_id',
  protocolNumber: 'protocol_number',
  title: 'title',
  shortName: 'short_name',
  phase: 'phase',
  therapeuticArea: 'therapeutic_area',
  indication: 'indication',
  status: 'status',
  enrollmentTarget: 'enrollment_target',
  plannedSites: 'planned_sites',
  plannedFpiDate: 'planned_fpi_date',
  plannedLpiDate: 'planned_lpi_date',
} as const;

/** A new study under a sponsor the use case has checked the caller may create studies for; returns its id. */
export async function insertStudy(tx: Kysely<DB>, values: Insertable<DB['studies']>): Promise<string> {
  const { id } = await tx.insertInto('studies').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/**
 * SQL filter for rows that belong to a study (`column` holds a studies.id): only studies the
 * caller sees with `permission`. One uncorrelated IN, the shape of scope-filters.repo.ts.
 */
export function inVisibleStudy(ctx: RequestContext, column: string, permission: Permission = 'study.read'): RawBuilder<boolean> {
  const ids = scopeIds(ctx.actor, permission);
  if (ids.platform) return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(column)} in (select studies.id from studies where ${visibleStudies(ids)})`;
}
