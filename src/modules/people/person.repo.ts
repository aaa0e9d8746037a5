import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import { can, type ResourceScope, scopeIds } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import { visibleOrganizations, visibleSites } from '../../platform/auth/scope-filters.repo.js';
import type { AnyActor, RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import { containing, containsText, indexSearchable } from '../../platform/db/like.js';
import type { DB } from '../../platform/db/schema.js';
import type { PersonRow } from '../../platform/db/schema-start-up.js';
import { iso } from '../../platform/db/timestamps.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import { findVisibleSite } from '../sites/site.repo.js';
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
 * (as in scope-filters.repo.ts): the visible organizations and sites are found once, not per person.
 */
export function visiblePeople(ctx: RequestContext, permission: Permission = 'person.read') {
  const ids = scopeIds(ctx.actor, permission);
  const own = ctx.actor.kind === 'user' ? ctx.actor.organizationId : null;
  return sql<boolean>`(people.organization_id in (select organizations.id from organizations where ${visibleOrganizations(ids, own)})
    or people.id in (select site_staff.person_id from site_staff join sites on sites.id = site_staff.site_id where ${visibleSites(ids)}))`;
}

/** SQL filter for rows of a person (`column` holds a people.id): only people the caller sees with `permission`. */
export function inVisiblePerson(ctx: RequestContext, column: string, permission: Permission = 'person.read'): RawBuilder<boolean> {
  if (scopeIds(ctx.actor, permission).platform) return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(column)} in (select people.id from people where ${visiblePeople(ctx, permission)})`;
}

/** The staff of some sites who hold a role there on a day, among the people the caller sees. */
export function listActiveStaff(db: Kysely<DB>, ctx: RequestContext, siteIds: string[], on: string, personId?: string) {
  if (siteIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('site_staff')
    .innerJoin('people', 'people.id', 'site_staff.person_id')
    .select(['site_staff.site_id', 'site_staff.person_id', 'site_staff.role', 'people.full_name', 'people.user_id'])
    .where('site_staff.site_id', 'in', siteIds)
    .where('site_staff.start_date', '<=', on)
    .where((eb) => eb.or([eb('site_staff.end_date', 'is', null), eb('site_staff.end_date', '>=', on)]))
    .where(visiblePeople(ctx))
    .orderBy('people.full_name')
    .orderBy('site_staff.role');
  if (personId) q = q.where('site_staff.person_id', '=', personId);
  return q.execute();
}

/**
 * People whose name contains the text and whom the caller sees: the rule of visiblePeople,
 * applied to the matches alone. The names match through their search indexes (containsText);
 * the staff rows are read for the matching people only, not for every visible site. The ids
 * are handed on as an array, so that the list is planned for a few rows (see document.repo.ts).
 */
function visiblePeopleMatching(ctx: RequestContext, text: string) {
  const ids = scopeIds(ctx.actor, 'person.read');
  const own = ctx.actor.kind === 'user' ? ctx.actor.organizationId : null;
  return sql<boolean>`people.id = any(array(
    select p.id from people p where ${containsText('p.full_name', text)}
      and p.organization_id in (select organizations.id from organizations where ${visibleOrganizations(ids, own)})
    union
    select site_staff.person_id from site_staff
      where site_staff.person_id = any(array(select p.id from people p where ${containsText('p.full_name', text)}))
        and site_staff.site_id in (select sites.id from sites where ${visibleSites(ids)})))`;
}

/** The list's columns without the visibility rule: the caller applies visiblePeople or its equal. */
function unsafeSelectPeople(db: Kysely<DB>) {
  return db
    .selectFrom('people')
    .innerJoin('organizations as org', 'org.id', 'people.organization_id')
    .selectAll('people')
    .select('org.name as organization_name');
}

function selectPeople(db: Kysely<DB>, ctx: RequestContext) {
  return unsafeSelectPeople(db).where(visiblePeople(ctx));
}

export function findVisiblePerson(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<PersonWithOrganization | undefined> {
  return selectPeople(db, ctx).where('people.id', '=', id).executeTakeFirst();
}

export async function listVisiblePeople(db: Kysely<DB>, ctx: RequestContext, query: ListPeopleQuery): Promise<Page<Person>> {
  // Search: the visible matches first, through the name's search indexes (see like.ts for one letter).
  let q = query.q && indexSearchable(query.q) ? unsafeSelectPeople(db).where(visiblePeopleMatching(ctx, query.q)) : selectPeople(db, ctx);
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
    .select([
      'people.full_name as person_name',
      'people.professional_title',
      'sites.name as site_name',
      'sites.time_zone as site_time_zone',
    ]);
}
type StaffRow = Awaited<ReturnType<ReturnType<typeof selectStaff>['executeTakeFirstOrThrow']>>;

export function toStaff(row: StaffRow): Staff {
  return {
    id: row.id,
    siteId: row.site_id,
    siteName: row.site_name,
    siteTimeZone: row.site_time_zone,
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

/** A staff list is the site's: it is seen where the site is (site.read). */
function selectStaffOfVisibleSites(db: Kysely<DB>, ctx: RequestContext) {
  return selectStaff(db).where(visibleSites(scopeIds(ctx.actor, 'site.read')));
}

/** A site's staff list; undefined when the caller does not see the site (404). */
export async function listVisibleStaffOfSite(db: Kysely<DB>, ctx: RequestContext, siteId: string): Promise<StaffRow[] | undefined> {
  if (!(await findVisibleSite(db, ctx, siteId))) return undefined;
  return selectStaffOfVisibleSites(db, ctx)
    .where('site_staff.site_id', '=', siteId)
    .orderBy('people.full_name')
    .orderBy('site_staff.role')
    .execute();
}

/** Every role of a person the caller sees, at every site (their file shows where they work). */
export function listStaffOfPerson(db: Kysely<DB>, ctx: RequestContext, personId: string): Promise<StaffRow[]> {
  return selectStaff(db)
    .where('site_staff.person_id', '=', personId)
    .where(inVisiblePerson(ctx, 'site_staff.person_id'))
    .orderBy('sites.name')
    .execute();
}

export function findStaff(db: Kysely<DB>, ctx: RequestContext, siteId: string, staffId: string): Promise<StaffRow | undefined> {
  return selectStaffOfVisibleSites(db, ctx)
    .where('site_staff.id', '=', staffId)
    .where('site_staff.site_id', '=', siteId)
    .executeTakeFirst();
}

/** A new person of an organization; the use case has checked person.write where they will work. Returns the id. */
export async function insertPerson(tx: Kysely<DB>, values: Insertable<DB['people']>): Promise<string> {
  const { id } = await tx.insertInto('people').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** A person takes a role at a site; the use case has checked person.write at the site. Returns the id. */
export async function insertStaff(tx: Kysely<DB>, values: Insertable<DB['site_staff']>): Promise<string> {
  const { id } = await tx.insertInto('site_staff').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Is the person on the site's staff (any role, any dates)? Among the people the caller sees. */
export async function isOnSiteStaff(db: Kysely<DB>, ctx: RequestContext, siteId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('site_staff')
    .select('id')
    .where('site_id', '=', siteId)
    .where('person_id', '=', personId)
    .where(inVisiblePerson(ctx, 'site_staff.person_id'))
    .executeTakeFirst();
  return Boolean(row);
}

/** The names of the site's principal investigators on a day, among the people the caller sees. */
export async function listInvestigatorNames(db: Kysely<DB>, ctx: RequestContext, siteId: string, on: string): Promise<string[]> {
  const rows = await db
    .selectFrom('site_staff')
    .innerJoin('people', 'people.id', 'site_staff.person_id')
    .select('people.full_name')
    .where('site_staff.site_id', '=', siteId)
    .where('site_staff.role', '=', 'principal_investigator')
    .where('site_staff.start_date', '<=', on)
    .where((eb) => eb.or([eb('site_staff.end_date', 'is', null), eb('site_staff.end_date', '>=', on)]))
    .where(visiblePeople(ctx))
    .orderBy('people.full_name')
    .execute();
  return rows.map((row) => row.full_name);
}

/** Is the calling user linked to a person who holds `role` at the site on the day? */
export async function callerHoldsRoleAtSite(
  db: Kysely<DB>,
  ctx: RequestContext,
  siteId: string,
  role: string,
  on: string,
): Promise<boolean> {
  if (ctx.actor.kind !== 'user') return false;
  const row = await db
    .selectFrom('site_staff')
    .innerJoin('people', 'people.id', 'site_staff.person_id')
    .select('site_staff.id')
    .where('people.user_id', '=', ctx.actor.userId)
    .where('site_staff.site_id', '=', siteId)
    .where('site_staff.role', '=', role)
    .where('site_staff.start_date', '<=', on)
    .where((eb) => eb.or([eb('site_staff.end_date', 'is', null), eb('site_staff.end_date', '>=', on)]))
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * The person a login is linked to (people.user_id). Reads without a context: the delegation
 * guard asks it of the acting user, whose own record it is, whatever the caller may list.
 */
export function unsafeFindPersonOfUser(db: Kysely<DB>, userId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('people').select('id').where('user_id', '=', userId).executeTakeFirst();
}
