import { type Insertable, type Kysely, sql } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import { visibleOrganizations } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import { containing } from '../../platform/db/like.js';
import type { DB, OrganizationRow } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { invalidField } from '../../platform/errors.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import type { ListOrganizationsQuery, Organization } from './organization.schemas.js';

export function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as Organization['kind'],
    country: row.country,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function visibleTo(ctx: RequestContext) {
  const own = ctx.actor.kind === 'user' ? ctx.actor.organizationId : null;
  return visibleOrganizations(scopeIds(ctx.actor, 'organization.read'), own);
}

export async function findVisibleOrganization(db: Kysely<DB>, ctx: RequestContext, id: string) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).where(visibleTo(ctx)).executeTakeFirst();
}

export async function listVisibleOrganizations(
  db: Kysely<DB>,
  ctx: RequestContext,
  query: ListOrganizationsQuery,
): Promise<Page<Organization>> {
  const sortExpr = query.sort === 'kind' ? sql`organizations.kind` : sql`lower(organizations.name)`;
  let q = db.selectFrom('organizations').selectAll().where(visibleTo(ctx));
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.q) q = q.where('name', 'ilike', containing(query.q));
  const rows = await keysetPage(q, sortExpr, sql`organizations.id`, query.order, decodeCursor(query.cursor), query.limit).execute();
  return toPage(rows, query.limit, toOrganization);
}

/** A reference to an organization in a request body: it must be one the caller can see, of the right kind. */
export async function requireOrganizationOfKind(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  kind: Organization['kind'],
  pointer: string,
): Promise<OrganizationRow> {
  const organization = await findVisibleOrganization(db, ctx, id);
  if (!organization) throw invalidField(pointer, 'No such organization.');
  if (organization.kind !== kind) {
    throw invalidField(pointer, `Must be a ${kind} organization; ${organization.name} is a ${organization.kind}.`);
  }
  return organization;
}

/** A new organization; who may create one is checked by the use case (platform grants only). */
export function insertOrganization(tx: Kysely<DB>, values: Insertable<DB['organizations']>): Promise<OrganizationRow> {
  return tx.insertInto('organizations').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Does the caller see any organization at all? (For the system, whether the database holds one.) */
export async function anyVisibleOrganization(db: Kysely<DB>, ctx: RequestContext): Promise<boolean> {
  return Boolean(await db.selectFrom('organizations').select('id').where(visibleTo(ctx)).limit(1).executeTakeFirst());
}

/** A visible organization by its name, whatever its case. */
export function findVisibleOrganizationByName(db: Kysely<DB>, ctx: RequestContext, name: string): Promise<OrganizationRow | undefined> {
  return db
    .selectFrom('organizations')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .where(visibleTo(ctx))
    .executeTakeFirst();
}
