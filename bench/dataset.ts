import { type AuditRow, planAuditTrail } from './audit-plan.js';
import { type Network, type NetworkSizes, planNetwork } from './network-plan.js';
import { type People, planPeople } from './people-plan.js';
import { seededRandom } from './seeded-random.js';

/** Every row the benchmark loads, built in memory once and loaded into each database. */
export interface Dataset {
  network: Network;
  people: People;
  audit: AuditRow[];
}

export function buildDataset(seed: number, sizes: NetworkSizes, passwordHash: string): Dataset {
  const rng = seededRandom(seed);
  const network = planNetwork(rng, sizes);
  const people = planPeople(rng, sizes, network, passwordHash);
  const audit = planAuditTrail(
    rng,
    [...network.history, ...people.history],
    people.users,
    people.picks.adminUserId,
    people.managerOfSponsor,
  );
  return { network, people, audit };
}

/** Row counts per table, for the report. */
export function datasetSizes(dataset: Dataset): Record<string, number> {
  const { network, people, audit } = dataset;
  return {
    organizations: network.organizations.length,
    sites: network.sites.length,
    studies: network.studies.length,
    study_sites: network.studySites.length,
    users: people.users.length,
    grants: people.grants.length,
    audit_events: audit.length,
  };
}
