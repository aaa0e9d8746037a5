import type { Insertable } from 'kysely';
import type { FieldChange } from '../src/platform/audit/audit-events.js';
import type { OrganizationsTable, SitesTable, StudiesTable, StudySitesTable } from '../src/platform/db/schema.js';
import { type HistoryEvent, historyActor } from './history-event.js';
import { companyWords, countries, firstNames, lastNames, siteKinds, therapeuticAreas } from './reference-data.js';
import type { Random } from './seeded-random.js';

/** How big a network to build. The defaults are the size the benchmark is specified at. */
export interface NetworkSizes {
  sponsors: number;
  cros: number;
  smos: number;
  siteOrganizations: number;
  sites: number;
  studies: number;
  studySites: number;
  users: number;
  /** Average logins per user over the two years of history: most of a real audit trail. */
  loginsPerUser: number;
}

export const defaultSizes: NetworkSizes = {
  sponsors: 40,
  cros: 10,
  smos: 5,
  siteOrganizations: 3500,
  sites: 10_000,
  studies: 500,
  // Every site takes part in at least one study; the larger ones in several.
  studySites: 12_000,
  users: 500,
  loginsPerUser: 60,
};

export const day = 24 * 60 * 60 * 1000;
/** History runs from here to `historyEnd`: fixed dates, so a seed always gives the same rows. */
export const historyStart = Date.UTC(2024, 0, 2);
export const historyEnd = Date.UTC(2026, 8, 30);

export type OrganizationRow = Insertable<OrganizationsTable> & { id: string; kind: string; created_at: string };
export type SiteRow = Insertable<SitesTable> & { id: string; organization_id: string; created_at: string };
export type StudyRow = Insertable<StudiesTable> & { id: string; sponsor_org_id: string; created_at: string };
export type StudySiteRow = Insertable<StudySitesTable> & { id: string; study_id: string; site_id: string; created_at: string };

export interface Network {
  organizations: OrganizationRow[];
  /** The organization the platform admin belongs to (the operator of this installation). */
  operatorOrgId: string;
  auditorOrgId: string;
  sponsors: OrganizationRow[];
  cros: OrganizationRow[];
  smos: OrganizationRow[];
  siteOrganizations: OrganizationRow[];
  sites: SiteRow[];
  studies: StudyRow[];
  studySites: StudySiteRow[];
  /** Everything that happened to these records after they were created, for the audit trail. */
  history: HistoryEvent[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const capped = (ms: number) => Math.min(ms, historyEnd);

/** Organizations, sites, studies and study-sites, with the history that led to their state. */
export function planNetwork(rng: Random, sizes: NetworkSizes): Network {
  const history: HistoryEvent[] = [];
  const admin = historyActor.admin;
  const usedNames = new Set<string>();
  const uniqueName = (name: string) => {
    let candidate = name;
    for (let n = 2; usedNames.has(candidate.toLowerCase()); n++) candidate = `${name} ${n}`;
    usedNames.add(candidate.toLowerCase());
    return candidate;
  };

  const organization = (kind: string, name: string, country: string | null): OrganizationRow => {
    const at = historyStart + rng.int(0, 20 * day);
    const row = { id: rng.uuid(), name: uniqueName(name), kind, country, created_at: iso(at), updated_at: iso(at) };
    history.push({
      at,
      actor: admin,
      entityType: 'organization',
      entityId: row.id,
      action: 'create',
      changes: created({ name: row.name, kind, country }),
    });
    return row;
  };
  const weightedCountry = () => rng.weighted(countries.map((c) => [c, c.weight] as const));
  const company = (i: number, suffixes: string[]) =>
    `${companyWords[i % companyWords.length]} ${suffixes[Math.floor(i / companyWords.length) % suffixes.length]}`;

  const operator = organization('vendor', 'Trialdesk Platform Operations', 'US');
  const auditorOrg = organization('vendor', 'Independent Quality Auditors', 'GB');
  const sponsors = Array.from({ length: sizes.sponsors }, (_, i) =>
    organization('sponsor', company(i, ['Pharma', 'Therapeutics', 'Biosciences', 'Biologics']), weightedCountry().code),
  );
  const cros = Array.from({ length: sizes.cros }, (_, i) =>
    organization('cro', company(i + 7, ['Clinical Research', 'CRO Services']), weightedCountry().code),
  );
  const smos = Array.from({ length: sizes.smos }, (_, i) =>
    organization('smo', company(i + 13, ['Site Network', 'Research Sites']), weightedCountry().code),
  );
  // A site organization is named after its home city, where its first site is.
  const siteOrgHomes = Array.from({ length: sizes.siteOrganizations }, () => {
    const country = weightedCountry();
    return { country, home: rng.pick(country.cities) };
  });
  const siteOrganizations = siteOrgHomes.map(({ country, home }) =>
    organization('site', `${home[0]} ${rng.pick(siteKinds)}`, country.code),
  );

  // Every site organization runs one site; the rest go mostly to the first (larger) networks.
  const sites: SiteRow[] = [];
  const smoOfSite = new Map<string, string>();
  for (let i = 0; i < sizes.sites; i++) {
    const orgIndex = i < siteOrganizations.length ? i : Math.floor(rng.next() ** 2 * siteOrganizations.length);
    const org = siteOrganizations[orgIndex] as OrganizationRow;
    const { country, home } = siteOrgHomes[orgIndex] ?? { country: weightedCountry(), home: undefined };
    const [city, timeZone, postalCode] = i < siteOrganizations.length && home ? home : rng.pick(country.cities);
    const at = Date.parse(org.created_at) + rng.int(1, 90) * day;
    const pi = () => `Dr. ${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
    const row: SiteRow = {
      id: rng.uuid(),
      organization_id: org.id,
      name:
        i < siteOrganizations.length ? org.name : `${org.name} ${rng.pick(['North', 'East', 'West', 'Outpatient', 'Riverside'])} Campus`,
      address_line: `${rng.int(1, 400)} ${rng.pick(['Hospital', 'University', 'Park', 'Station', 'Main'])} ${rng.pick(['Street', 'Avenue', 'Road'])}`,
      city,
      postal_code: postalCode,
      country: country.code,
      time_zone: timeZone,
      principal_investigator: pi(),
      version: 1,
      created_at: iso(at),
      updated_at: iso(at),
    };
    history.push({ at, actor: admin, entityType: 'site', entityId: row.id, action: 'create', changes: created(siteFields(row)) });
    if (rng.chance(0.3)) {
      // A new principal investigator: the most common change to a site.
      const changedAt = at + rng.int(30, 500) * day;
      const next = pi();
      history.push({
        at: capped(changedAt),
        actor: admin,
        entityType: 'site',
        entityId: row.id,
        action: 'update',
        changes: [{ field: 'principalInvestigator', old: row.principal_investigator, new: next }],
        reason: 'Principal investigator changed',
      });
      row.principal_investigator = next;
      row.version = 2;
      row.updated_at = iso(capped(changedAt));
    }
    if (rng.chance(0.2)) smoOfSite.set(row.id, rng.pick(smos).id);
    sites.push(row);
  }

  const studies = planStudies(rng, sizes, sponsors, cros, history);
  const studySites = planStudySites(rng, sizes, studies, sites, smoOfSite, history);
  return {
    organizations: [operator, auditorOrg, ...sponsors, ...cros, ...smos, ...siteOrganizations],
    operatorOrgId: operator.id,
    auditorOrgId: auditorOrg.id,
    sponsors,
    cros,
    smos,
    siteOrganizations,
    sites,
    studies,
    studySites,
    history,
  };
}

const phases = [
  ['phase_1', 8, 3],
  ['phase_1_2', 6, 6],
  ['phase_2', 25, 15],
  ['phase_2_3', 8, 25],
  ['phase_3', 35, 40],
  ['phase_4', 12, 20],
  ['not_applicable', 6, 10],
] as const;
const studyStatusPath = ['planning', 'start_up', 'enrolling', 'follow_up', 'closed'] as const;

function planStudies(rng: Random, sizes: NetworkSizes, sponsors: OrganizationRow[], cros: OrganizationRow[], history: HistoryEvent[]) {
  const perSponsor = new Map<string, number>();
  return Array.from({ length: sizes.studies }, (): StudyRow => {
    // A few large sponsors run most trials.
    const sponsor = sponsors[Math.floor(rng.next() ** 1.8 * sponsors.length)] as OrganizationRow;
    const n = (perSponsor.get(sponsor.id) ?? 0) + 1;
    perSponsor.set(sponsor.id, n);
    const [area, indications] = rng.pick(therapeuticAreas);
    const indication = rng.pick(indications);
    const prefix = sponsor.name.slice(0, 3).toUpperCase();
    const drug = `${prefix}-${rng.int(100, 999)}`;
    const phase = rng.weighted(phases.map(([p, weight]) => [p, weight] as const));
    const finalStatus = rng.weighted([
      ['planning', 10],
      ['start_up', 15],
      ['enrolling', 40],
      ['follow_up', 20],
      ['closed', 15],
    ] as const);
    const at = historyStart + 20 * day + rng.int(0, 600 * day);
    const fpi = new Date(at + rng.int(60, 200) * day).toISOString().slice(0, 10);
    const lpi = new Date(at + rng.int(400, 900) * day).toISOString().slice(0, 10);
    const abbreviation = indication
      .split(/[\s-]+/)
      .map((w) => w[0]?.toUpperCase())
      .join('');
    const row: StudyRow = {
      id: rng.uuid(),
      sponsor_org_id: sponsor.id,
      cro_org_id: rng.chance(0.7) ? rng.pick(cros).id : null,
      protocol_number: `${prefix}${sponsors.indexOf(sponsor) + 1}-${String(100 + n).padStart(4, '0')}`,
      title: `A ${phase.replace('phase_', 'Phase ').replace('_', '/')} study of ${drug} in ${indication}`,
      short_name: `${drug} ${abbreviation}`,
      phase,
      therapeutic_area: area,
      indication,
      status: 'planning',
      enrollment_target: rng.int(2, 60) * 10,
      planned_sites: null,
      planned_fpi_date: fpi,
      planned_lpi_date: lpi,
      version: 1,
      created_at: iso(at),
      updated_at: iso(at),
    };
    const sponsorManager = historyActor.managerOf(sponsor.id);
    history.push({
      at,
      actor: sponsorManager,
      entityType: 'study',
      entityId: row.id,
      action: 'create',
      changes: created(studyFields(row)),
    });
    // The study moved through each status up to where it is now, each move with a reason.
    let when = at;
    for (const status of studyStatusPath.slice(1, studyStatusPath.indexOf(finalStatus) + 1)) {
      when = capped(when + rng.int(20, 150) * day);
      history.push({
        at: when,
        actor: sponsorManager,
        entityType: 'study',
        entityId: row.id,
        action: 'status_change',
        changes: [{ field: 'status', old: row.status, new: status }],
        reason: `Moved to ${status.replace('_', ' ')} per study plan`,
      });
      row.status = status;
      row.version = (row.version ?? 1) + 1;
      row.updated_at = iso(when);
    }
    return row;
  });
}

const studySiteStatusPath = ['candidate', 'selected', 'start_up', 'active', 'enrollment_closed', 'closed'] as const;
type StudySiteStatus = (typeof studySiteStatusPath)[number];
const statusReasons: Record<StudySiteStatus, string> = {
  candidate: 'Feasibility questionnaire returned',
  selected: 'Site selection visit completed',
  start_up: 'Contract and budget signed',
  active: 'Site initiation visit completed',
  enrollment_closed: 'Study-wide enrollment target reached',
  closed: 'Close-out visit completed',
};
/** Where a study-site is likely to stand, given where its study stands. */
const studySiteStatusByStudy: Record<string, readonly (readonly [StudySiteStatus, number])[]> = {
  planning: [
    ['candidate', 6],
    ['selected', 3],
  ],
  start_up: [
    ['candidate', 1],
    ['selected', 3],
    ['start_up', 5],
    ['active', 1],
  ],
  enrolling: [
    ['start_up', 1],
    ['active', 8],
    ['closed', 1],
  ],
  follow_up: [
    ['active', 1],
    ['enrollment_closed', 8],
    ['closed', 1],
  ],
  closed: [['closed', 1]],
};

function planStudySites(
  rng: Random,
  sizes: NetworkSizes,
  studies: StudyRow[],
  sites: SiteRow[],
  smoOfSite: Map<string, string>,
  history: HistoryEvent[],
): StudySiteRow[] {
  const counts = spreadCounts(
    rng,
    studies.map((study) => (phases.find(([p]) => p === study.phase)?.[2] ?? 10) * (0.5 + rng.next())),
    sizes.studySites,
    sites.length,
  );
  const rows: StudySiteRow[] = [];
  const siteIndexes = assignSites(rng, counts, sites.length);
  studies.forEach((study, studyIndex) => {
    const chosen = (siteIndexes[studyIndex] ?? []).map((i) => sites[i] as SiteRow);
    const actor = historyActor.managerOf(study.sponsor_org_id);
    study.planned_sites = chosen.length;
    chosen.forEach((site, k) => {
      const at = Date.parse(study.created_at) + rng.int(1, 120) * day;
      const finalStatus = rng.weighted(studySiteStatusByStudy[study.status] ?? ([['candidate', 1]] as const));
      const row: StudySiteRow = {
        id: rng.uuid(),
        study_id: study.id,
        site_id: site.id,
        site_number: `${site.country}-${1001 + k}`,
        status: 'candidate',
        target_enrollment: rng.int(1, 12) * 5,
        activation_date: null,
        smo_org_id: smoOfSite.get(site.id) ?? null,
        version: 1,
        created_at: iso(at),
        updated_at: iso(at),
      };
      history.push({
        at,
        actor,
        entityType: 'study_site',
        entityId: row.id,
        action: 'create',
        changes: created({
          studyId: row.study_id,
          siteId: row.site_id,
          siteNumber: row.site_number,
          status: row.status,
          targetEnrollment: row.target_enrollment,
          activationDate: null,
          smoOrgId: row.smo_org_id,
        }),
      });
      let when = at;
      const bump = (moment: number) => {
        row.version = (row.version ?? 1) + 1;
        row.updated_at = iso(moment);
      };
      // A closed site may close from any point; otherwise it walks the path step by step.
      const target = studySiteStatusPath.indexOf(finalStatus);
      const walkTo = finalStatus === 'closed' ? rng.int(0, 4) : target;
      const steps = [...studySiteStatusPath.slice(1, walkTo + 1), ...(finalStatus === 'closed' ? (['closed'] as const) : [])];
      for (const status of steps) {
        when = capped(when + rng.int(7, 90) * day);
        const changes: FieldChange[] = [{ field: 'status', old: row.status, new: status }];
        if (status === 'active') {
          const activationDate = iso(when).slice(0, 10);
          changes.push({ field: 'activationDate', old: null, new: activationDate });
          row.activation_date = activationDate;
        }
        history.push({
          at: when,
          actor,
          entityType: 'study_site',
          entityId: row.id,
          action: 'status_change',
          changes,
          reason: statusReasons[status],
        });
        row.status = status;
        bump(when);
      }
      if (rng.chance(0.3)) {
        const next = rng.int(1, 12) * 5;
        when = capped(when + rng.int(7, 60) * day);
        history.push({
          at: when,
          actor,
          entityType: 'study_site',
          entityId: row.id,
          action: 'update',
          changes: [{ field: 'targetEnrollment', old: row.target_enrollment, new: next }],
          reason: 'Enrollment re-forecast',
        });
        row.target_enrollment = next;
        bump(when);
      }
      rows.push(row);
    });
  });
  return rows;
}

/**
 * Which sites (by index) each study runs at: `counts[k]` distinct sites for study k, and every
 * site in at least one study when the counts add up to the number of sites or more. Each
 * study takes its share of the not-yet-used sites (in proportion to its count, so large and
 * small studies alike mix new and busy sites) and fills the rest from all sites.
 */
export function assignSites(rng: Random, counts: number[], siteCount: number): number[][] {
  const pool = rng.sample(
    Array.from({ length: siteCount }, (_, i) => i),
    siteCount,
  );
  let slotsLeft = counts.reduce((a, b) => a + b, 0);
  const all = Array.from({ length: siteCount }, (_, i) => i);
  return counts.map((count) => {
    const fair = Math.round((count * pool.length) / Math.max(1, slotsLeft));
    // The studies after this one must still be able to take what is left in the pool.
    const fromPool = Math.min(count, pool.length, Math.max(fair, pool.length - (slotsLeft - count)));
    slotsLeft -= count;
    const chosen = pool.splice(pool.length - fromPool, fromPool);
    const taken = new Set(chosen);
    for (const i of rng.sample(all, count + chosen.length)) {
      if (chosen.length >= count) break;
      if (!taken.has(i)) {
        taken.add(i);
        chosen.push(i);
      }
    }
    return chosen;
  });
}

/**
 * Splits `total` into whole counts in proportion to `weights`, each at least 1 and at most
 * `max`, summing exactly to `total`.
 */
export function spreadCounts(rng: Random, weights: number[], total: number, max: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.min(max, Math.max(1, Math.round((w / sum) * total))));
  let diff = total - counts.reduce((a, b) => a + b, 0);
  if (counts.length * max < total) throw new Error(`cannot place ${total} in ${counts.length} slots of at most ${max}`);
  while (diff !== 0) {
    const i = rng.int(0, counts.length - 1);
    const current = counts[i] ?? 0;
    if (diff > 0 && current < max) {
      counts[i] = current + 1;
      diff--;
    } else if (diff < 0 && current > 1) {
      counts[i] = current - 1;
      diff++;
    }
  }
  return counts;
}

/** A create event lists every field with its new value, as diffChanges(null, record) does. */
function created(fields: Record<string, unknown>) {
  return Object.entries(fields).map(([field, value]) => ({ field, old: null, new: value ?? null }));
}

function siteFields(row: SiteRow) {
  return {
    organizationId: row.organization_id,
    name: row.name,
    addressLine: row.address_line,
    city: row.city,
    postalCode: row.postal_code,
    country: row.country,
    timeZone: row.time_zone,
    principalInvestigator: row.principal_investigator,
  };
}

function studyFields(row: StudyRow) {
  return {
    sponsorOrgId: row.sponsor_org_id,
    croOrgId: row.cro_org_id,
    protocolNumber: row.protocol_number,
    title: row.title,
    shortName: row.short_name,
    phase: row.phase,
    therapeuticArea: row.therapeutic_area,
    indication: row.indication,
    status: row.status,
    enrollmentTarget: row.enrollment_target,
    plannedFpiDate: row.planned_fpi_date,
    plannedLpiDate: row.planned_lpi_date,
  };
}
