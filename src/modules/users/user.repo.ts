import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import { containing } from '../../platform/db/like.js';
import type { DB, UserRow } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import type { GrantView, ListUsersQuery, User } from './user.schemas.js';

type UserWithOrganization = UserRow & { organization_name: string };

export function toUser(row: UserWithOrganization): User {
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    isActive: row.is_active,
    lockedUntil: row.locked_until ? iso(row.locked_until) : null,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** User accounts are seen by those who may manage them: the platform, or their organization. */
function selectUsers(db: Kysely<DB>, ctx: RequestContext) {
  const ids = scopeIds(ctx.actor, 'user.read');
  let q = db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .selectAll('users')
    .select('organizations.name as organization_name');
  if (!ids.platform) {
    q = q.where(ids.organization.length ? sql<boolean>`users.organization_id = any(${ids.organization}::uuid[])` : sql<boolean>`false`);
  }
  return q;
}

export async function findVisibleUser(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<UserWithOrganization | undefined> {
  return selectUsers(db, ctx).where('users.id', '=', id).executeTakeFirst();
}

export async function listVisibleUsers(db: Kysely<DB>, ctx: RequestContext, query: ListUsersQuery): Promise<Page<User>> {
  let q = selectUsers(db, ctx);
  if (query.organizationId) q = q.where('users.organization_id', '=', query.organizationId);
  if (query.q) {
    const pattern = containing(query.q);
    q = q.where((eb) => eb.or([eb('users.full_name', 'ilike', pattern), eb('users.email', 'ilike', pattern)]));
  }
  const sort = query.sort === 'email' ? sql`lower(users.email)` : sql`lower(users.full_name)`;
  const rows = await keysetPage(q, sort, sql`users.id`, query.order, decodeCursor(query.cursor), query.limit).execute();
  return toPage(rows, query.limit, toUser);
}

/** A user's grants for whoever may see the user; undefined when the user is not visible (404). */
export async function listGrantsOfVisibleUser(db: Kysely<DB>, ctx: RequestContext, userId: string): Promise<GrantView[] | undefined> {
  if (!(await findVisibleUser(db, ctx, userId))) return undefined;
  return unsafeListGrantsOfUser(db, userId);
}

/**
 * A user's grants, each with its scope named in words for people reading the list. Unscoped: the
 * signed-in user reads their own grants (the session names them) even without user.read;
 * everyone else goes through listGrantsOfVisibleUser.
 */
export async function unsafeListGrantsOfUser(db: Kysely<DB>, userId: string): Promise<GrantView[]> {
  const rows = await db
    .selectFrom('grants')
    .leftJoin('organizations', (join) =>
      join.onRef('organizations.id', '=', 'grants.scope_id').on('grants.scope_type', '=', 'organization'),
    )
    .leftJoin('study_sites', (join) => join.onRef('study_sites.id', '=', 'grants.scope_id').on('grants.scope_type', '=', 'study_site'))
    .leftJoin('studies', (join) =>
      join.on((eb) =>
        eb.or([
          eb.and([eb('grants.scope_type', '=', 'study'), eb(eb.ref('studies.id'), '=', eb.ref('grants.scope_id'))]),
          eb(eb.ref('studies.id'), '=', eb.ref('study_sites.study_id')),
        ]),
      ),
    )
    .leftJoin('sites', (join) =>
      join.on((eb) =>
        eb.or([
          eb.and([eb('grants.scope_type', '=', 'site'), eb(eb.ref('sites.id'), '=', eb.ref('grants.scope_id'))]),
          eb(eb.ref('sites.id'), '=', eb.ref('study_sites.site_id')),
        ]),
      ),
    )
    .select([
      'grants.id',
      'grants.user_id',
      'grants.role',
      'grants.scope_type',
      'grants.scope_id',
      'grants.created_at',
      'organizations.name as organization_name',
      'studies.short_name as study_name',
      'sites.name as site_name',
      'study_sites.site_number',
    ])
    .where('grants.user_id', '=', userId)
    .orderBy('grants.created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    role: row.role as GrantView['role'],
    scopeType: row.scope_type as GrantView['scopeType'],
    scopeId: row.scope_id,
    scopeName: scopeName(row),
    createdAt: iso(row.created_at),
  }));
}

function scopeName(row: {
  scope_type: string;
  organization_name: string | null;
  study_name: string | null;
  site_name: string | null;
  site_number: string | null;
}): string {
  switch (row.scope_type) {
    case 'platform':
      return 'Whole platform';
    case 'organization':
      return row.organization_name ?? 'Unknown organization';
    case 'study':
      return row.study_name ?? 'Unknown study';
    case 'site':
      return row.site_name ?? 'Unknown site';
    default:
      return `${row.study_name ?? '?'} · site ${row.site_number ?? '?'} ${row.site_name ?? ''}`.trim();
  }
}

/** A new login of an organization the use case has checked user.write on. Returns its id. */
export async function insertUser(tx: Kysely<DB>, values: Insertable<DB['users']>): Promise<string> {
  const { id } = await tx.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** A new grant to a user the use case has checked user.write on. Returns its id. */
export async function insertGrant(tx: Kysely<DB>, values: Insertable<DB['grants']>): Promise<string> {
  const { id } = await tx.insertInto('grants').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Removes one of the user's grants; undefined when the user has no such grant. */
export function deleteGrant(tx: Kysely<DB>, userId: string, grantId: string): Promise<Selectable<DB['grants']> | undefined> {
  return tx.deleteFrom('grants').where('id', '=', grantId).where('user_id', '=', userId).returningAll().executeTakeFirst();
}
