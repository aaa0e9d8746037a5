import type { Insertable } from 'kysely';
import { entryContentHash } from '../src/modules/delegation/delegation.repo.js';
import { defaultDelegationTasks } from '../src/modules/delegation/delegation-task.repo.js';
import { defaultMilestones } from '../src/modules/milestones/add-default-milestones.js';
import type {
  DelegationEntriesTable,
  DelegationTasksTable,
  TrainingRecordsTable,
  TrainingRequirementsTable,
} from '../src/platform/db/schema-delegation.js';
import type { MilestoneTemplatesTable, StudySiteMilestonesTable } from '../src/platform/db/schema-milestones.js';
import type {
  DocumentRulesTable,
  DocumentWaiversTable,
  PeopleTable,
  SignaturesTable,
  SiteStaffTable,
} from '../src/platform/db/schema-start-up.js';
import { day, type Network, type SiteRow, type StudySiteRow } from './network-plan.js';
import type { People, UserRow } from './people-plan.js';
import { firstNames, lastNames } from './reference-data.js';
import type { Random } from './seeded-random.js';

export type PersonRow = Insertable<PeopleTable> & { id: string; full_name: string; organization_id: string };
export type StaffRow = Insertable<SiteStaffTable> & { id: string };
export type SignatureRow = Insertable<SignaturesTable> & { id: string };

/** The people a study's document rules and delegation log name at one site. */
export interface SiteTeam {
  pi: PersonRow;
  /** The PI's login: signs the delegation log, files the site's documents. */
  piUser: UserRow;
  subInvestigators: PersonRow[];
  coordinator: PersonRow;
}

export interface StartUp {
  users: UserRow[];
  people: PersonRow[];
  siteStaff: StaffRow[];
  documentRules: Insertable<DocumentRulesTable>[];
  documentWaivers: Insertable<DocumentWaiversTable>[];
  trainingRequirements: Insertable<TrainingRequirementsTable>[];
  trainingRecords: Insertable<TrainingRecordsTable>[];
  delegationTasks: Insertable<DelegationTasksTable>[];
  delegationEntries: Insertable<DelegationEntriesTable>[];
  /** The PIs' signatures of the delegation log. */
  signatures: SignatureRow[];
  milestoneTemplates: Insertable<MilestoneTemplatesTable>[];
  studySiteMilestones: Insertable<StudySiteMilestonesTable>[];
  teams: Map<string, SiteTeam>;
  /** Site id -> its study-sites, in the order they were planned. */
  studySitesOfSite: Map<string, StudySiteRow[]>;
  /** Study-site ids whose FDA 1572 is waived (a site outside the US, not under an IND). */
  waived1572: Set<string>;
}

/**
 * The date the generated expiry dates are spread around: about when the benchmark runs, so
 * that a run sees a realistic mix (most current, some expiring within 60 days, some expired).
 * Fixed, so that a seed always gives the same rows; completeness computes from the real day.
 */
export const expiryReference = Date.UTC(2026, 11, 1);

/** The study's expected documents (the six): three of the site, one of its PI, two of each sub-investigator. */
export const ruleSet = [
  ['04.01.02', 'site'],
  ['05.02.12', 'site'],
  ['05.02.08', 'site'],
  ['05.02.04', 'principal_investigator'],
  ['05.02.05', 'sub_investigator'],
  ['05.02.07', 'sub_investigator'],
] as const;

const coordinatorTasks = ['obtain_consent', 'collect_samples', 'enter_data', 'resolve_queries', 'maintain_isf'];
const subInvestigatorTasks = [
  'obtain_consent',
  'assess_eligibility',
  'medical_history',
  'assess_adverse_events',
  'prescribe_study_drug',
  'sign_crf',
];
const protocolVersion = 'v1.0';

export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Spreads an expiry date around `expiryReference`: 12% expired, 12% within the 60 days
 * completeness calls expiring, the rest later.
 */
export function expiryAround(rng: Random): number {
  const band = rng.weighted([
    ['expired', 12],
    ['expiring', 12],
    ['current', 76],
  ] as const);
  if (band === 'expired') return expiryReference - rng.int(1, 300) * day;
  if (band === 'expiring') return expiryReference + rng.int(0, 55) * day;
  return expiryReference + rng.int(70, 1000) * day;
}

/** People, staff, rules, training, the delegation log and milestones of every site and study. */
export function planStartUp(rng: Random, network: Network, people: People, passwordHash: string): StartUp {
  const start = emptyStartUp();
  const orgName = new Map(network.organizations.map((o) => [o.id, o.name]));
  for (const ss of network.studySites) {
    start.studySitesOfSite.set(ss.site_id, [...(start.studySitesOfSite.get(ss.site_id) ?? []), ss]);
  }
  const person = (site: SiteRow, fullName: string, title: string, userId: string | null): PersonRow => {
    const row: PersonRow = {
      id: rng.uuid(),
      organization_id: site.organization_id,
      user_id: userId,
      full_name: fullName,
      email: `${fullName
        .replace(/^Dr\. /, '')
        .toLowerCase()
        .replace(/[^a-z]+/g, '.')}.${start.people.length + 1}@staff.example`,
      professional_title: title,
      created_at: site.created_at,
      updated_at: site.created_at,
    };
    start.people.push(row);
    return row;
  };
  const staff = (site: SiteRow, p: PersonRow, role: string) =>
    start.siteStaff.push({ id: rng.uuid(), site_id: site.id, person_id: p.id, role, start_date: isoDate(Date.parse(site.created_at)) });
  const name = () => `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;

  for (const site of network.sites) {
    const at = Date.parse(site.created_at);
    const piName = site.principal_investigator ?? `Dr. ${name()}`;
    const domain = `${(orgName.get(site.organization_id) ?? 'site').toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`;
    const piUser: UserRow = {
      id: rng.uuid(),
      email: `pi.${start.users.length + 1}.${piName
        .replace(/^Dr\. /, '')
        .toLowerCase()
        .replace(/[^a-z]+/g, '.')}@${domain}`,
      full_name: piName,
      organization_id: site.organization_id,
      password_hash: passwordHash,
      created_at: iso(at),
      updated_at: iso(at),
    };
    start.users.push(piUser);
    const pi = person(site, piName, rng.pick(['MD', 'MD, PhD', 'DO']), piUser.id);
    const subInvestigators = Array.from({ length: rng.int(1, 2) }, () =>
      person(site, `Dr. ${name()}`, rng.pick(['MD', 'MBBS', 'NP']), null),
    );
    const coordinator = person(site, name(), rng.pick(['CCRC', 'RN', 'BSc']), null);
    staff(site, pi, 'principal_investigator');
    for (const s of subInvestigators) staff(site, s, 'sub_investigator');
    staff(site, coordinator, 'study_coordinator');
    start.teams.set(site.id, { pi, piUser, subInvestigators, coordinator });

    const studyIds = (start.studySitesOfSite.get(site.id) ?? []).map((ss) => ss.study_id);
    for (const p of [pi, ...subInvestigators, coordinator]) {
      const gcpExpiry = expiryAround(rng);
      const gcp = { person_id: p.id, kind: 'gcp', title: 'ICH E6(R3) Good Clinical Practice', study_id: null, protocol_version: null };
      start.trainingRecords.push({ ...gcp, completed_on: isoDate(gcpExpiry - 3 * 365 * day), expires_on: isoDate(gcpExpiry) });
      if (p !== coordinator) {
        const licence = expiryAround(rng);
        start.trainingRecords.push({
          person_id: p.id,
          kind: 'licence',
          title: 'Medical licence',
          completed_on: isoDate(licence - 5 * 365 * day),
          expires_on: isoDate(licence),
        });
      }
      for (const studyId of studyIds) {
        if (!rng.chance(0.92)) continue;
        start.trainingRecords.push({
          person_id: p.id,
          kind: 'protocol',
          title: `Protocol training ${protocolVersion}`,
          study_id: studyId,
          protocol_version: protocolVersion,
          completed_on: isoDate(at + rng.int(30, 200) * day),
        });
      }
    }
  }

  const managerUser = new Map(people.users.map((u) => [u.id, u]));
  for (const study of network.studies) {
    const created = study.created_at;
    for (const [artifact, appliesTo] of ruleSet) {
      start.documentRules.push({ study_id: study.id, artifact_number: artifact, applies_to: appliesTo, created_at: created });
    }
    for (const role of ['principal_investigator', 'sub_investigator', 'study_coordinator']) {
      start.trainingRequirements.push({ study_id: study.id, role, kind: 'gcp', created_at: created });
      start.trainingRequirements.push({
        study_id: study.id,
        role,
        kind: 'protocol',
        protocol_version: protocolVersion,
        created_at: created,
      });
      if (role !== 'study_coordinator') start.trainingRequirements.push({ study_id: study.id, role, kind: 'licence', created_at: created });
    }
    for (const task of defaultDelegationTasks) {
      start.delegationTasks.push({
        study_id: study.id,
        code: task.code,
        label: task.label,
        requires_licence: task.requiresLicence,
        required_training: JSON.stringify(task.requiredTraining),
        created_at: created,
        updated_at: created,
      });
    }
    defaultMilestones.forEach((m, index) => {
      start.milestoneTemplates.push({
        id: rng.uuid(),
        study_id: study.id,
        code: m.code,
        name: m.name,
        sequence: (index + 1) * 10,
        required_for_activation: m.required,
        typical_duration_days: m.days,
        depends_on: [...m.dependsOn],
        created_at: created,
        updated_at: created,
      });
    });
  }

  const sitesById = new Map(network.sites.map((s) => [s.id, s]));
  const templatesOf = new Map<string, Insertable<MilestoneTemplatesTable>[]>();
  for (const t of start.milestoneTemplates) templatesOf.set(t.study_id, [...(templatesOf.get(t.study_id) ?? []), t]);
  const sponsorOf = new Map(network.studies.map((s) => [s.id, s.sponsor_org_id]));
  for (const ss of network.studySites) {
    const site = sitesById.get(ss.site_id) as SiteRow;
    const team = start.teams.get(ss.site_id) as SiteTeam;
    planDelegationLog(rng, start, ss, team);
    planMilestones(rng, start, ss, templatesOf.get(ss.study_id) ?? []);
    // Form FDA 1572 is for investigations under a US IND: most sites abroad waive it.
    if (site.country !== 'US' && rng.chance(0.5)) {
      start.waived1572.add(ss.id);
      const manager = people.managerOfSponsor.get(sponsorOf.get(ss.study_id) ?? '');
      start.documentWaivers.push({
        study_id: ss.study_id,
        site_id: ss.site_id,
        artifact_number: '05.02.08',
        reason: 'Site outside the US; the study is not conducted under a US IND.',
        created_by: manager && managerUser.has(manager) ? manager : null,
        created_at: ss.created_at,
      });
    }
  }
  return start;
}

function emptyStartUp(): StartUp {
  return {
    users: [],
    people: [],
    siteStaff: [],
    documentRules: [],
    documentWaivers: [],
    trainingRequirements: [],
    trainingRecords: [],
    delegationTasks: [],
    delegationEntries: [],
    signatures: [],
    milestoneTemplates: [],
    studySiteMilestones: [],
    teams: new Map(),
    studySitesOfSite: new Map(),
    waived1572: new Set(),
  };
}

/** PI, sub-investigators and coordinator on the log; most entries signed by the PI, a few changed since. */
function planDelegationLog(rng: Random, start: StartUp, ss: StudySiteRow, team: SiteTeam): void {
  const startDate = isoDate(Date.parse(ss.created_at) + rng.int(7, 60) * day);
  const lines: [PersonRow, string[]][] = [
    [team.pi, defaultDelegationTasks.map((t) => t.code)],
    ...team.subInvestigators.map((s): [PersonRow, string[]] => [s, subInvestigatorTasks]),
    [team.coordinator, coordinatorTasks],
  ];
  for (const [p, tasks] of lines) {
    const id = rng.uuid();
    start.delegationEntries.push({
      id,
      study_site_id: ss.id,
      person_id: p.id,
      tasks: JSON.stringify(tasks),
      start_date: startDate,
      created_at: ss.created_at,
      updated_at: ss.created_at,
    });
    const signing = rng.weighted([
      ['signed', 85],
      ['changed since', 5],
      ['unsigned', 10],
    ] as const);
    if (signing === 'unsigned') continue;
    const hash = entryContentHash({ personId: p.id, tasks, startDate, endDate: null });
    start.signatures.push({
      id: rng.uuid(),
      entity_type: 'delegation_entry',
      entity_id: id,
      signer_user_id: team.piUser.id,
      printed_name: team.piUser.full_name,
      meaning: 'approval',
      signed_at: `${startDate}T15:00:00.000Z`,
      // A signature of what the entry said before its last change: shown as needing a new one.
      content_hash: signing === 'signed' ? hash : entryContentHash({ personId: p.id, tasks: tasks.slice(1), startDate, endDate: null }),
    });
  }
}

const milestonesDoneByStatus: Record<string, [number, number]> = {
  candidate: [0, 2],
  selected: [2, 3],
  start_up: [3, 7],
  active: [9, 9],
  enrollment_closed: [9, 9],
  closed: [3, 9],
};

/** Actual dates for the milestones a study-site has passed, planned dates for the next two. */
function planMilestones(rng: Random, start: StartUp, ss: StudySiteRow, templates: Insertable<MilestoneTemplatesTable>[]): void {
  const [low, high] = milestonesDoneByStatus[ss.status ?? 'candidate'] ?? [0, 0];
  const done = Math.min(templates.length, rng.int(low, high));
  let when = Date.parse(ss.created_at);
  templates.forEach((t, k) => {
    if (k >= done + 2) return;
    when += rng.int(5, 40) * day;
    start.studySiteMilestones.push({
      study_site_id: ss.id,
      template_id: t.id as string,
      planned_date: isoDate(when),
      actual_date: k < done ? isoDate(when + rng.int(-5, 20) * day) : null,
      created_at: ss.created_at,
      updated_at: ss.created_at,
    });
  });
}
