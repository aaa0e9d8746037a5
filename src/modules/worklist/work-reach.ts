import { type Permission, roleAllows } from '../../platform/auth/roles.js';
import type { Actor } from '../../platform/context.js';

/**
 * How a grant reaches a study-site decides which work of it the home page shows:
 * - `site`: a grant on the study-site, its site or the site's owner: the people who do the
 *   work there see each visit, signature and document;
 * - `network`: a grant on the study-site's SMO: a network lead sees each supported study-site
 *   as one row with its counts, and each coordinator's load;
 * - `study`: a grant on the study, its sponsor or CRO (or the whole platform): oversight,
 *   as documents to review, deviations to assess, start-up and enrollment against target.
 * The scopes are those of `can()` (authorize.ts); the closest reach wins.
 */
export type Reach = 'site' | 'network' | 'study';

export interface StudySiteOwners {
  id: string;
  study_id: string;
  site_id: string;
  sponsor_org_id: string;
  cro_org_id: string | null;
  site_org_id: string;
  smo_org_id: string | null;
}

const order: Reach[] = ['site', 'network', 'study'];

export function reachOf(actor: Actor, permission: Permission, studySite: StudySiteOwners): Reach | null {
  let best: Reach | null = null;
  const consider = (reach: Reach) => {
    if (best === null || order.indexOf(reach) < order.indexOf(best)) best = reach;
  };
  for (const grant of actor.grants) {
    if (!roleAllows(grant.role, permission)) continue;
    const scope = grant.scopeId;
    if (grant.scopeType === 'platform') consider('study');
    else if (grant.scopeType === 'study_site' && scope === studySite.id) consider('site');
    else if (grant.scopeType === 'site' && scope === studySite.site_id) consider('site');
    else if (grant.scopeType === 'study' && scope === studySite.study_id) consider('study');
    else if (grant.scopeType === 'organization') {
      if (scope === studySite.site_org_id) consider('site');
      else if (scope === studySite.smo_org_id) consider('network');
      else if (scope === studySite.sponsor_org_id || scope === studySite.cro_org_id) consider('study');
    }
  }
  return best;
}
