import { type Insertable, type Kysely, sql } from 'kysely';
import { type ResourceScope, scopeIds } from '../../platform/auth/authorize.js';
import { visibleSites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import { containing } from '../../platform/db/like.js';
import type { DB, SiteRow } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import type { ListSitesQuery, Site } from './site.schemas.js';

type SiteWithNames = SiteRow & { organization_name: string };

export const siteColumns = {
  organizationId: 'organization_id',
  name: 'name',
  addressLine: 'address_line',
  city: 'city',
  postalCode: 'postal_code',
  country: 'country',
  timeZone: 'time_zone',
  principalInvestigator: 'principal_investigator',
} as const;

export function toSite(row: SiteWithNames): Site {
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    name: row.name,
    addressLine: row.address_line,
    city: row.city,
    postalCode: row.postal_code,
    country: row.country,
    timeZone: row.time_zone,
    principalInvestigator: row.principal_investigator,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function siteScope(site: { id: string; organization_id: string }): ResourceScope {
  return { organizationIds: [site.organization_id], siteId: site.id };
}

function selectSites(db: Kysely<DB>, ctx: RequestContext) {
  return db
    .selectFrom('sites')
    .innerJoin('organizations', 'organizations.id', 'sites.organization_id')
    .selectAll('sites')
    .select('organizations.name as organization_name')
    .where(visibleSites(scopeIds(ctx.actor, 'site.read')));
}

export async function findVisibleSite(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<SiteWithNames | undefined> {
  return selectSites(db, ctx).where('sites.id', '=', id).executeTakeFirst();
}

const sortExpressions = {
  name: sql`lower(sites.name)`,
  country: sql`sites.country`,
  city: sql`lower(coalesce(sites.city, ''))`,
};

export async function listVisibleSites(db: Kysely<DB>, ctx: RequestContext, query: ListSitesQuery): Promise<Page<Site>> {
  let q = selectSites(db, ctx);
  if (query.country) q = q.where('sites.country', '=', query.country);
  if (query.organizationId) q = q.where('sites.organization_id', '=', query.organizationId);
  if (query.q) {
    const pattern = containing(query.q);
    q = q.where((eb) =>
      eb.or([eb('sites.name', 'ilike', pattern), eb('sites.city', 'ilike', pattern), eb('sites.principal_investigator', 'ilike', pattern)]),
    );
  }
  const rows = await keysetPage(
    q,
    sortExpressions[query.sort],
    sql`sites.id`,
    query.order,
    decodeCursor(query.cursor),
    query.limit,
  ).execute();
  return toPage(rows, query.limit, toSite);
}

/** A new site of an organization the use case has checked the caller may create sites in; returns its id. */
export async function insertSite(tx: Kysely<DB>, values: Insertable<DB['sites']>): Promise<string> {
  const { id } = await tx.insertInto('sites').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}
