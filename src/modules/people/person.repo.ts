import { type Kysely, sql } from 'kysely';
import { can, type ResourceScope, scopeIds } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import { visibleOrganizations, visibleSites } from '../../platform/auth/scope-filters.js';
import type { AnyActor, RequestContext } from '../../platform/context.js';
import { containing } from '../../platform/db/like.js';
import type { DB } from '../../platform/db/schema.js';
import type { PersonRow } from '../../platform/db/schema-start-up.js';
import { iso } from '../../platform/db/timestamps.js';
import { decodeCursor, keysetPage, type Page, toPage } from '../../platform/http/pagination.js';
import type { ListPeopleQuery, Person, Staff } from './person.schemas.js';

type PersonWithOrganization = PersonRow & { organization_name: string };

export function toPerson(row: PersonWithOrganization): Person {
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    userId: row.user_id,
    fullName: row.full_name,
    email: row.email,
    professionalTitle: row.professional_title,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * People are seen by who sees their organization or a site they work at. Uncorrelated `IN`s
 * (as in scope-filters.ts): the visible organizations and sites are found once, not per person.
 */
export function visiblePeople(ctx: RequestContext, permission: Permission = 'person.read') {
  const ids = scopeIds(ctx.actor, permission);
  const own = ctx.actor.kind === 'user' ? ctx.actor.organizationId : null;
  return sql<boolean>`(people.organization_id in (select organizations.id from organizations where ${visibleOrganizations(ids, own)})
    or people.id in (select site_staff.person_id from site_staff join sites on sites.id = site_staff.site_id where ${visibleSites(ids)}))`;
}

function selectPeople(db: Kysely<DB>, ctx: RequestContext) {
  return db
    .selectFrom('people')
    .innerJoin('organizations as org', 'org.id', 'people.organization_id')
    .selectAll('people')
    .select('org.name as organization_name')
    .where(visiblePeople(ctx));
}

export function findVisiblePerson(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<PersonWithOrganization | undefined> {
  return selectPeople(db, ctx).where('people.id', '=', id).executeTakeFirst();
}

export async function listVisiblePeople(db: Kysely<DB>, ctx: RequestContext, query: ListPeopleQuery): Promise<Page<Person>> {
  let q = selectPeople(db, ctx);
  if (query.siteId) {
    const siteId = query.siteId;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('site_staff')
          .select('site_staff.id')
          .whereRef('site_staff.person_id', '=', 'people.id')
          .where('site_staff.site_id', '=', siteId),
      ),
    );
  }
  if (query.q) q = q.where('people.full_name', 'ilike', containing(query.q));
  const rows = await keysetPage(
    q,
    sql`lower(people.full_name)`,
    sql`people.id`,
    query.order,
    decodeCursor(query.cursor),
    query.limit,
  ).execute();
  return toPage(rows, query.limit, toPerson);
}

/**
 * Who may change a person's record: a grant on their organization or on a site they work
 * at (a site's coordinator keeps its staff list).
 */
export async function canChangePerson(
  db: Kysely<DB>,
  actor: AnyActor,
  permission: Permission,
  person: { id: string; organization_id: string },
): Promise<boolean> {
  if (can(actor, permission, { organizationIds: [person.organization_id] })) return true;
  const sites = await db
    .selectFrom('site_staff')
    .innerJoin('sites', 'sites.id', 'site_staff.site_id')
    .select(['sites.id', 'sites.organization_id'])
    .where('site_staff.person_id', '=', person.id)
    .execute();
  return sites.some((site) => can(actor, permission, { organizationIds: [site.organization_id], siteId: site.id } satisfies ResourceScope));
}

function selectStaff(db: Kysely<DB>) {
  return db
    .selectFrom('site_staff')
    .innerJoin('people', 'people.id', 'site_staff.person_id')
    .innerJoin('sites', 'sites.id', 'site_staff.site_id')
    .selectAll('site_staff')
    .select(['people.full_name as person_name', 'people.professional_title', 'sites.name as site_name']);
}
type StaffRow = Awaited<ReturnType<ReturnType<typeof selectStaff>['executeTakeFirstOrThrow']>>;

export function toStaff(row: StaffRow): Staff {
  return {
    id: row.id,
    siteId: row.site_id,
    siteName: row.site_name,
    personId: row.person_id,
    personName: row.person_name,
    professionalTitle: row.professional_title,
    role: row.role as Staff['role'],
    startDate: row.start_date,
    endDate: row.end_date,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A site's staff list; the caller has checked that the site is visible. */
export function listStaffOfSite(db: Kysely<DB>, siteId: string): Promise<StaffRow[]> {
  return selectStaff(db).where('site_staff.site_id', '=', siteId).orderBy('people.full_name').orderBy('site_staff.role').execute();
}

export function listStaffOfPerson(db: Kysely<DB>, personId: string): Promise<StaffRow[]> {
  return selectStaff(db).where('site_staff.person_id', '=', personId).orderBy('sites.name').execute();
}

export function findStaff(db: Kysely<DB>, siteId: string, staffId: string): Promise<StaffRow | undefined> {
  return selectStaff(db).where('site_staff.id', '=', staffId).where('site_staff.site_id', '=', siteId).executeTakeFirst();
}
