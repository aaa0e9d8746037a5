import type { AnyActor, RequestContext } from '../context.js';
import { forbidden } from '../errors.js';
import { type Permission, type Role, roleAllows } from './roles.js';

export type ScopeType = 'platform' | 'organization' | 'study' | 'site' | 'study_site';

export interface Grant {
  id: string;
  role: Role;
  scopeType: ScopeType;
  scopeId: string | null;
}

/**
 * Where a record sits: the organizations that own or serve it and the study, site and
 * study-site it belongs to. A grant covers a record when its scope is one of these.
 */
export interface ResourceScope {
  organizationIds?: (string | null)[];
  studyId?: string;
  siteId?: string;
  studySiteId?: string;
}

/** The grant ids of one actor that carry a permission, by scope: the input of list filters. */
export interface ScopeIds {
  platform: boolean;
  organization: string[];
  study: string[];
  site: string[];
  studySite: string[];
}

/**
 * The one authorization decision: may this actor use this permission on a record in this
 * scope? Deny by default; the system actor (CLI, jobs, seeding) acts for the operator.
 */
export function can(actor: AnyActor, permission: Permission, scope?: ResourceScope): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'anonymous') return false;
  return actor.grants.some((grant) => roleAllows(grant.role, permission) && (!scope || covers(grant, scope)));
}

export function assertCan(ctx: RequestContext, permission: Permission, scope?: ResourceScope): void {
  if (!can(ctx.actor, permission, scope)) throw forbidden();
}

function covers(grant: Grant, scope: ResourceScope): boolean {
  switch (grant.scopeType) {
    case 'platform':
      return true;
    case 'organization':
      return grant.scopeId !== null && (scope.organizationIds ?? []).includes(grant.scopeId);
    case 'study':
      return grant.scopeId === scope.studyId;
    case 'site':
      return grant.scopeId === scope.siteId;
    case 'study_site':
      return grant.scopeId === scope.studySiteId;
  }
}

/** The scopes at which the actor holds a permission, for list queries (see each repo's filter). */
export function scopeIds(actor: AnyActor, permission: Permission): ScopeIds {
  const ids: ScopeIds = { platform: actor.kind === 'system', organization: [], study: [], site: [], studySite: [] };
  if (actor.kind !== 'user') return ids;
  for (const grant of actor.grants) {
    if (!roleAllows(grant.role, permission)) continue;
    if (grant.scopeType === 'platform') ids.platform = true;
    else if (grant.scopeId === null) continue;
    else if (grant.scopeType === 'organization') ids.organization.push(grant.scopeId);
    else if (grant.scopeType === 'study') ids.study.push(grant.scopeId);
    else if (grant.scopeType === 'site') ids.site.push(grant.scopeId);
    else ids.studySite.push(grant.scopeId);
  }
  return ids;
}
