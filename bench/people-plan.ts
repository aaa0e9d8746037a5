import type { Insertable } from 'kysely';
import type { GrantsTable, UsersTable } from '../src/platform/db/schema.js';
import { type HistoryEvent, historyActor } from './history-event.js';
import { day, historyEnd, type Network, type NetworkSizes, type OrganizationRow } from './network-plan.js';
import { firstNames, lastNames } from './reference-data.js';
import type { Random } from './seeded-random.js';

export type UserRow = Insertable<UsersTable> & { id: string; email: string; full_name: string; created_at: string };
export type GrantRow = Insertable<GrantsTable> & { id: string; user_id: string; role: string; created_at: string };

export interface People {
  users: UserRow[];
  grants: GrantRow[];
  history: HistoryEvent[];
  /** The first study manager of each sponsor: the author of that sponsor's study history. */
  managerOfSponsor: Map<string, string>;
  /** The users the benchmark acts as. */
  picks: { adminUserId: string; studyManagerUserId: string; siteCoordinatorUserId: string };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Users of every kind of organization with grants at every kind of scope, so the visibility
 * filters are exercised the way a real network would exercise them.
 */
export function planPeople(rng: Random, sizes: NetworkSizes, network: Network, passwordHash: string): People {
  const users: UserRow[] = [];
  const grants: GrantRow[] = [];
  const history: HistoryEvent[] = [];
  const admin = historyActor.admin;
  const orgCreated = new Map(network.organizations.map((o) => [o.id, Date.parse(o.created_at)]));
  const createdAt = new Map<string, number>([
    ...network.organizations.map((o) => [o.id, Date.parse(o.created_at)] as const),
    ...network.studies.map((s) => [s.id, Date.parse(s.created_at)] as const),
    ...network.sites.map((s) => [s.id, Date.parse(s.created_at)] as const),
    ...network.studySites.map((s) => [s.id, Date.parse(s.created_at)] as const),
  ]);

  const addUser = (org: OrganizationRow | { id: string; name: string }): UserRow => {
    const first = rng.pick(firstNames);
    const last = rng.pick(lastNames);
    const at = (orgCreated.get(org.id) ?? 0) + rng.int(1, 60) * day;
    const domain = `${org.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`;
    const row: UserRow = {
      id: rng.uuid(),
      email: `${first}.${last}.${users.length + 1}@${domain}`.toLowerCase().replace(/\s+/g, ''),
      full_name: `${first} ${last}`,
      organization_id: org.id,
      password_hash: passwordHash,
      created_at: iso(at),
      updated_at: iso(at),
    };
    users.push(row);
    history.push({
      at,
      actor: admin,
      entityType: 'user',
      entityId: row.id,
      action: 'create',
      changes: [
        { field: 'email', old: null, new: row.email },
        { field: 'fullName', old: null, new: row.full_name },
        { field: 'organizationId', old: null, new: row.organization_id },
        { field: 'isActive', old: null, new: true },
        { field: 'password', old: null, new: '(set)' },
      ],
    });
    return row;
  };
  const grant = (user: UserRow, role: string, scopeType: GrantRow['scope_type'], scopeId: string | null) => {
    // A grant is given once both the user and the record it names exist.
    const at = Math.max(Date.parse(user.created_at), scopeId ? (createdAt.get(scopeId) ?? 0) : 0) + rng.int(1, 48) * 3_600_000;
    const row: GrantRow = { id: rng.uuid(), user_id: user.id, role, scope_type: scopeType, scope_id: scopeId, created_at: iso(at) };
    grants.push(row);
    history.push({
      at,
      actor: admin,
      entityType: 'grant',
      entityId: row.id,
      action: 'create',
      changes: [
        { field: 'userId', old: null, new: user.id },
        { field: 'role', old: null, new: role },
        { field: 'scopeType', old: null, new: scopeType },
        { field: 'scopeId', old: null, new: scopeId },
      ],
    });
  };

  const adminUser = addUser({ id: network.operatorOrgId, name: 'Trialdesk Platform Operations' });
  grant(adminUser, 'platform_admin', 'platform', null);

  const studiesOf = (orgId: string, column: 'sponsor_org_id' | 'cro_org_id') => network.studies.filter((s) => s[column] === orgId);
  const managerOfSponsor = new Map<string, string>();
  for (const sponsor of network.sponsors) {
    const own = studiesOf(sponsor.id, 'sponsor_org_id');
    const manager = addUser(sponsor);
    grant(manager, 'study_manager', 'organization', sponsor.id);
    managerOfSponsor.set(sponsor.id, manager.id);
    for (const role of ['data_manager', 'cra']) {
      const user = addUser(sponsor);
      if (own.length === 0) grant(user, role, 'organization', sponsor.id);
      for (const study of rng.sample(own, rng.int(1, 5))) grant(user, role, 'study', study.id);
    }
  }
  for (const cro of network.cros) {
    const run = studiesOf(cro.id, 'cro_org_id');
    for (let k = 0; k < 8; k++) {
      const user = addUser(cro);
      if (k < 2 || run.length === 0) grant(user, 'cra', 'organization', cro.id);
      else if (k === 2) grant(user, 'study_manager', 'organization', cro.id);
      else for (const study of rng.sample(run, rng.int(1, 6))) grant(user, 'cra', 'study', study.id);
    }
  }
  for (const smo of network.smos) {
    for (let k = 0; k < 4; k++) grant(addUser(smo), k === 3 ? 'finance' : 'smo_network_lead', 'organization', smo.id);
  }
  for (let k = 0; k < 10; k++) {
    const auditor = addUser({ id: network.auditorOrgId, name: 'Independent Quality Auditors' });
    for (const study of rng.sample(network.studies, rng.int(1, 3))) grant(auditor, 'auditor', 'study', study.id);
  }

  // The rest work at sites: coordinators hold site grants, investigators study-site grants.
  const sitesOfOrg = new Map<string, typeof network.sites>();
  for (const site of network.sites) sitesOfOrg.set(site.organization_id, [...(sitesOfOrg.get(site.organization_id) ?? []), site]);
  const studySitesOfSite = new Map<string, typeof network.studySites>();
  for (const ss of network.studySites) studySitesOfSite.set(ss.site_id, [...(studySitesOfSite.get(ss.site_id) ?? []), ss]);
  let siteCoordinator: { user: UserRow; sites: number } | undefined;
  while (users.length < sizes.users) {
    // Larger site networks (the first organizations) have more staff on the platform.
    const org = network.siteOrganizations[Math.floor(rng.next() ** 2 * network.siteOrganizations.length)] as OrganizationRow;
    const orgSites = sitesOfOrg.get(org.id) ?? [];
    const user = addUser(org);
    const studySites = orgSites.flatMap((s) => studySitesOfSite.get(s.id) ?? []);
    if (rng.chance(0.6) || studySites.length === 0) {
      const chosen = rng.sample(orgSites, rng.int(1, 4));
      for (const site of chosen) grant(user, 'study_coordinator', 'site', site.id);
      if (!siteCoordinator || chosen.length > siteCoordinator.sites) siteCoordinator = { user, sites: chosen.length };
    } else {
      for (const ss of rng.sample(studySites, rng.int(1, 3))) grant(user, 'investigator', 'study_site', ss.id);
    }
  }

  // Everyone logs in now and then: logins are the bulk of a real audit trail.
  for (const user of users) {
    const from = Date.parse(user.created_at);
    const count = rng.int(Math.floor(sizes.loginsPerUser / 2), Math.ceil((sizes.loginsPerUser * 3) / 2));
    for (let i = 0; i < count; i++) {
      history.push({
        at: rng.int(from, historyEnd),
        actor: historyActor.user(user.id),
        entityType: 'user',
        entityId: user.id,
        action: 'login',
        changes: [{ field: 'failedLoginCount', old: 0, new: 0 }],
      });
    }
  }

  const biggestSponsor = [...network.sponsors].sort(
    (a, b) => studiesOf(b.id, 'sponsor_org_id').length - studiesOf(a.id, 'sponsor_org_id').length,
  )[0];
  const studyManagerUserId = biggestSponsor && managerOfSponsor.get(biggestSponsor.id);
  if (!studyManagerUserId || !siteCoordinator) throw new Error('network too small to pick benchmark users');
  return {
    users,
    grants,
    history,
    managerOfSponsor,
    picks: { adminUserId: adminUser.id, studyManagerUserId, siteCoordinatorUserId: siteCoordinator.user.id },
  };
}
