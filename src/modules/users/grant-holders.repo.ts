import type { Kysely } from 'kysely';
import { type Permission, roleAllows, roles } from '../../platform/auth/roles.js';
import type { DB } from '../../platform/db/schema.js';

/**
 * Where a grant must sit to count: on one of these organizations, or on the study, site or
 * study-site named. Platform-wide grants never count: the platform admin runs the install, not trials.
 */
export interface GrantReach {
  permission: Permission;
  organizationIds: string[];
  studyId: string;
  siteId?: string;
  studySiteId?: string;
}

/**
 * The active users holding any of these reaches, each once, by id: whom to tell of something.
 * Unsafe (no caller's scope): it finds recipients for the system, and shows no one anything.
 */
export async function unsafeActiveUsersHolding(db: Kysely<DB>, reaches: GrantReach[]): Promise<string[]> {
  if (reaches.length === 0) return [];
  const rows = await db
    .selectFrom('grants')
    .innerJoin('users', 'users.id', 'grants.user_id')
    .select('users.id')
    .distinct()
    .where('users.is_active', '=', true)
    .where((eb) =>
      eb.or(
        reaches.map((reach) => {
          const at = (scopeType: string, scopeId: string | undefined) =>
            scopeId === undefined ? [] : [eb.and([eb('grants.scope_type', '=', scopeType), eb('grants.scope_id', '=', scopeId)])];
          const places = [
            ...(reach.organizationIds.length
              ? [eb.and([eb('grants.scope_type', '=', 'organization'), eb('grants.scope_id', 'in', reach.organizationIds)])]
              : []),
            ...at('study', reach.studyId),
            ...at('site', reach.siteId),
            ...at('study_site', reach.studySiteId),
          ];
          return eb.and([eb('grants.role', 'in', rolesHolding(reach.permission)), eb.or(places)]);
        }),
      ),
    )
    .orderBy('users.id')
    .execute();
  return rows.map((row) => row.id);
}

function rolesHolding(permission: Permission) {
  return roles.filter((role) => roleAllows(role, permission));
}

/**
 * The names of some users, by id. Unsafe (no caller's scope): only for ids a scoped query has
 * just returned (the coordinators of participants the caller reads, on the home page), so it
 * names people the caller already works with and finds no one new.
 */
export async function unsafeUserNames(db: Kysely<DB>, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', userIds).execute();
  return new Map(rows.map((row) => [row.id, row.full_name]));
}
