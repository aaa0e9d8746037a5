import type { StaffRole } from '../modules/people/person.schemas.js';
import type { RelativeDay } from './demo-dates.js';
import { type DemoSiteKey, type DemoStudyKey, demoSites } from './demo-portfolio.js';

/**
 * The people on each demo site's staff. Each site's principal investigator is the one named
 * on the site; Chicago is the site the browser tests walk through: its PI and coordinator
 * sign in as themselves, and Dr. Ethan Brooks joined three weeks ago, so his start-up
 * paperwork is still under way: GCP-trained at his previous hospital (certificate filed), his
 * CV for AURORA still to file.
 */
export interface DemoStaffMember {
  site: DemoSiteKey;
  name: string;
  title: string | null;
  role: StaffRole;
  startDay: RelativeDay;
}

const others: DemoStaffMember[] = [
  { site: 'chicago', name: 'Dr. Ethan Brooks', title: 'MD', role: 'sub_investigator', startDay: -21 },
  { site: 'chicago', name: 'Casey Coordinator', title: 'CCRC', role: 'study_coordinator', startDay: -1200 },
  { site: 'evanston', name: 'Dr. Aisha Rahman', title: 'MD', role: 'sub_investigator', startDay: -900 },
  { site: 'evanston', name: 'Jordan Lee', title: 'RN, CCRP', role: 'study_coordinator', startDay: -700 },
  { site: 'denver', name: 'Dr. Tom Whitaker', title: 'MD', role: 'sub_investigator', startDay: -1100 },
  { site: 'denver', name: 'Casey Coordinator', title: 'CCRC', role: 'study_coordinator', startDay: -600 },
  { site: 'cologne', name: 'Dr. Katrin Schulz', title: 'Dr. med.', role: 'sub_investigator', startDay: -1300 },
  { site: 'cologne', name: 'Dr. Felix Braun', title: 'Dr. med.', role: 'sub_investigator', startDay: -1250 },
  { site: 'cologne', name: 'Miriam Vogel', title: 'Study nurse', role: 'study_coordinator', startDay: -1000 },
  { site: 'munich', name: 'Dr. Tobias Wagner', title: 'Dr. med.', role: 'sub_investigator', startDay: -800 },
  { site: 'munich', name: 'Sabine Krüger', title: 'Study nurse', role: 'study_coordinator', startDay: -950 },
  { site: 'valencia', name: 'Dr. Pablo Gil', title: 'MD', role: 'sub_investigator', startDay: -500 },
  { site: 'valencia', name: 'Marta Serrano', title: 'RN', role: 'study_coordinator', startDay: -450 },
  { site: 'madrid', name: 'Dra. Elena Castro', title: 'MD', role: 'sub_investigator', startDay: -640 },
  { site: 'madrid', name: 'Javier Moreno', title: 'RN', role: 'study_coordinator', startDay: -610 },
  { site: 'seville', name: 'Dr. Raúl Domínguez', title: 'MD', role: 'sub_investigator', startDay: -720 },
  { site: 'seville', name: 'Inés Herrera', title: 'RN', role: 'study_coordinator', startDay: -690 },
];

export const demoStaff: DemoStaffMember[] = [
  ...demoSites.map(
    (site, index): DemoStaffMember => ({
      site: site.key,
      name: site.pi,
      title: site.country === 'DE' ? 'Dr. med.' : 'MD',
      role: 'principal_investigator',
      startDay: -1400 - index * 45,
    }),
  ),
  ...others,
];

/** Logins tied to people, so they sign as themselves (the PI signs the delegation log). */
export const demoPersonLogins = [
  { person: 'Dr. Maya Okafor', user: 'investigator@demo.trialdesk.dev' },
  { person: 'Casey Coordinator', user: 'coordinator@demo.trialdesk.dev' },
  { person: 'Dr. Priya Raman', user: 'pi.denver@demo.trialdesk.dev' },
  { person: 'Dr. Lena Hoffmann', user: 'pi.munich@demo.trialdesk.dev' },
];

/** What a study requires of each role before its tasks are validly delegated (ICH E6(R3) 2.3.2). */
export const demoTrainingRequirements: { study: DemoStudyKey; roles: StaffRole[]; protocolVersion: string }[] = [
  { study: 'nwt101', roles: ['principal_investigator', 'sub_investigator', 'study_coordinator'], protocolVersion: '2.0' },
];

export const gcpCourse = 'ICH E6(R3) Good Clinical Practice';

/**
 * GCP training for everyone, completed one to two years ago unless listed here: one refresher
 * due soon (Denver) and one lapsed (Köln), neither at Chicago, whose log must stay valid; and
 * Dr. Brooks's, whose certificate (document-portfolio.ts) carries the same dates.
 */
export const demoGcpExceptions: Record<string, { completedDay: RelativeDay; expiresDay: RelativeDay }> = {
  'Dr. Ethan Brooks': { completedDay: -400, expiresDay: 695 },
  'Dr. Tom Whitaker': { completedDay: -1055, expiresDay: 40 },
  'Dr. Felix Braun': { completedDay: -1195, expiresDay: -100 },
};

/**
 * AURORA protocol v2.0 training, given at each site's initiation visit: everyone on the staff
 * of its sites but Dr. Pablo Gil, new at Valencia. Dr. Brooks joined Chicago three weeks ago.
 */
const auroraInitiationVisits: [DemoSiteKey, RelativeDay][] = [
  ['chicago', -230],
  ['denver', -180],
  ['cologne', -265],
  ['valencia', -6],
];
const trainedAtVisit = auroraInitiationVisits.flatMap(([site, completedDay]) =>
  demoStaff
    .filter((m) => m.site === site && m.startDay < completedDay && m.name !== 'Dr. Pablo Gil')
    .map((m) => ({ person: m.name, completedDay })),
);
export const demoProtocolTraining: { study: DemoStudyKey; protocolVersion: string; person: string; completedDay: RelativeDay }[] = [
  ...[
    // Once per person: Casey, at Chicago and Denver, trained at the first visit.
    ...trainedAtVisit.filter((r, index) => trainedAtVisit.findIndex((o) => o.person === r.person) === index),
    { person: 'Dr. Ethan Brooks', completedDay: -18 },
  ].map((r): { study: DemoStudyKey; protocolVersion: string; person: string; completedDay: RelativeDay } => ({
    study: 'nwt101',
    protocolVersion: '2.0',
    ...r,
  })),
  // HELIX-3 protocol 1.0, given at the initiation visits of its sites that enroll participants.
  ...(
    [
      ['chicago', -340],
      ['munich', -290],
    ] as [DemoSiteKey, RelativeDay][]
  ).flatMap(([site, completedDay]) =>
    demoStaff
      .filter((m) => m.site === site && m.startDay < completedDay)
      .map((m) => ({ study: 'hlx301' as const, protocolVersion: '1.0', person: m.name, completedDay })),
  ),
];

/** Medical licences of the investigators: the delegation log's clinical tasks need one. */
export const demoLicences: { person: string; title: string; completedDay: RelativeDay; expiresDay: RelativeDay }[] = [
  { person: 'Dr. Maya Okafor', title: 'Illinois physician and surgeon licence', completedDay: -3000, expiresDay: 250 },
  { person: 'Dr. Ethan Brooks', title: 'Illinois physician and surgeon licence', completedDay: -1500, expiresDay: 400 },
  { person: 'Dr. Daniel Reyes', title: 'Illinois physician and surgeon licence', completedDay: -2500, expiresDay: 310 },
  { person: 'Dr. Aisha Rahman', title: 'Illinois physician and surgeon licence', completedDay: -1800, expiresDay: 520 },
  { person: 'Dr. Priya Raman', title: 'Colorado physician licence', completedDay: -2800, expiresDay: 150 },
  { person: 'Dr. Tom Whitaker', title: 'Colorado physician licence', completedDay: -2000, expiresDay: 480 },
  { person: 'Dr. Lena Hoffmann', title: 'Approbation als Ärztin (Bayern)', completedDay: -6000, expiresDay: 3650 },
];
