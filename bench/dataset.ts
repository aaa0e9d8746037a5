import { type AuditRow, planAuditTrail } from './audit-plan.js';
import { type Network, type NetworkSizes, planNetwork } from './network-plan.js';
import { type People, planPeople } from './people-plan.js';
import { seededRandom } from './seeded-random.js';
import { planStartUp, type StartUp } from './start-up-plan.js';

/**
 * Every row the benchmark loads. All but the documents are built in memory once and loaded
 * into each database; the documents, their versions and approvals are generated while they
 * are loaded (document-plan.ts), from `seed`, the same rows each time.
 */
export interface Dataset {
  seed: number;
  network: Network;
  people: People;
  audit: AuditRow[];
  startUp: StartUp;
  documentsPerSite: number;
}

export function buildDataset(seed: number, sizes: NetworkSizes, passwordHash: string, documentsPerSite = 40): Dataset {
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
  // Its own generator: adding start-up data leaves the foundation rows of a seed as they were.
  const startUp = planStartUp(seededRandom(seed ^ 0x057a_2b0b), network, people, passwordHash);
  return { seed, network, people, audit, startUp, documentsPerSite };
}

/** Row counts per table of the foundation, for the report. */
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

/** Row counts of the start-up tables that are built in memory (documents are counted as they load). */
export function startUpSizes(dataset: Dataset): Record<string, number> {
  const s = dataset.startUp;
  return {
    'users (principal investigators)': s.users.length,
    people: s.people.length,
    site_staff: s.siteStaff.length,
    document_rules: s.documentRules.length,
    document_waivers: s.documentWaivers.length,
    training_requirements: s.trainingRequirements.length,
    training_records: s.trainingRecords.length,
    delegation_tasks: s.delegationTasks.length,
    delegation_entries: s.delegationEntries.length,
    'signatures (delegation log)': s.signatures.length,
    milestone_templates: s.milestoneTemplates.length,
    study_site_milestones: s.studySiteMilestones.length,
  };
}
