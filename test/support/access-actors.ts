import { type GrantSpec, makeOrganization, makeTenant, makeUser, type Tenant } from './factories.js';
import { type Client, client, type TestApp } from './test-app.js';

/**
 * The users of the access tests: one of each role in sponsor A's world (tenant A), a study
 * manager of another sponsor (tenant B), the platform admin and a user without grants.
 */
export const actors = [
  'admin',
  'managerA',
  'managerB',
  'craA',
  'coordinatorA',
  'smoLeadA',
  'investigatorA',
  'auditorA',
  'noGrants',
] as const;
export type ActorName = (typeof actors)[number];

export interface AccessWorld {
  a: Tenant;
  b: Tenant;
  as(name: ActorName): Client;
}

export async function makeAccessWorld(t: TestApp): Promise<AccessWorld> {
  const db = t.database.db;
  const a = await makeTenant(db);
  const b = await makeTenant(db);
  const home = await makeOrganization(db, 'vendor');
  const grants: Record<ActorName, GrantSpec[]> = {
    admin: [{ role: 'platform_admin', scopeType: 'platform' }],
    managerA: [{ role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id }],
    managerB: [{ role: 'study_manager', scopeType: 'organization', scopeId: b.sponsor.id }],
    craA: [{ role: 'cra', scopeType: 'organization', scopeId: a.cro.id }],
    coordinatorA: [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }],
    smoLeadA: [{ role: 'smo_network_lead', scopeType: 'organization', scopeId: a.smo.id }],
    investigatorA: [{ role: 'investigator', scopeType: 'study_site', scopeId: a.studySite.id }],
    auditorA: [{ role: 'auditor', scopeType: 'study', scopeId: a.study.id }],
    noGrants: [],
  };
  const users = {} as Record<ActorName, Client>;
  for (const name of actors) {
    users[name] = client(t.app, (await makeUser(db, home.id, grants[name], t.clock.now())).cookie);
  }
  return { a, b, as: (name) => users[name] };
}

/** One expected status per actor, as rows for `it.each`. */
export function expectRow(expected: Record<ActorName, number>) {
  return actors.map((actor) => [actor, expected[actor]] as const);
}
