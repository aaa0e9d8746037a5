/**
 * The demo network: two sponsors, one CRO, one SMO supporting eight sites in three countries,
 * four studies in different phases and statuses, and study-sites in every status. Names are
 * invented; countries, time zones and phases are real.
 */
export const demoPassword = 'trialdesk-demo';

export const demoOrganizations = [
  { key: 'operator', name: 'Trialdesk Operations', kind: 'vendor', country: 'US' },
  { key: 'northwind', name: 'Northwind Therapeutics', kind: 'sponsor', country: 'US' },
  { key: 'helios', name: 'Helios Biopharma', kind: 'sponsor', country: 'DE' },
  { key: 'meridian', name: 'Meridian Clinical Research', kind: 'cro', country: 'US' },
  { key: 'carebridge', name: 'CareBridge Site Network', kind: 'smo', country: 'US' },
  { key: 'lakeshore', name: 'Lakeshore University Hospital', kind: 'site', country: 'US' },
  { key: 'pinecrest', name: 'Pinecrest Medical Center', kind: 'site', country: 'US' },
  { key: 'charite', name: 'Klinikum Rheinblick', kind: 'site', country: 'DE' },
  { key: 'isar', name: 'Isar Research Clinic', kind: 'site', country: 'DE' },
  { key: 'levante', name: 'Hospital Universitario Levante', kind: 'site', country: 'ES' },
  { key: 'meseta', name: 'Centro Médico Meseta', kind: 'site', country: 'ES' },
] as const;

export type DemoOrganizationKey = (typeof demoOrganizations)[number]['key'];

export const demoSites = [
  {
    key: 'chicago',
    org: 'lakeshore',
    name: 'Lakeshore University Hospital – Oncology',
    city: 'Chicago',
    country: 'US',
    timeZone: 'America/Chicago',
    pi: 'Dr. Maya Okafor',
  },
  {
    key: 'evanston',
    org: 'lakeshore',
    name: 'Lakeshore North Clinic',
    city: 'Evanston',
    country: 'US',
    timeZone: 'America/Chicago',
    pi: 'Dr. Daniel Reyes',
  },
  {
    key: 'denver',
    org: 'pinecrest',
    name: 'Pinecrest Medical Center',
    city: 'Denver',
    country: 'US',
    timeZone: 'America/Denver',
    pi: 'Dr. Priya Raman',
  },
  {
    key: 'cologne',
    org: 'charite',
    name: 'Klinikum Rheinblick',
    city: 'Köln',
    country: 'DE',
    timeZone: 'Europe/Berlin',
    pi: 'Prof. Dr. Jonas Weber',
  },
  {
    key: 'munich',
    org: 'isar',
    name: 'Isar Research Clinic',
    city: 'München',
    country: 'DE',
    timeZone: 'Europe/Berlin',
    pi: 'Dr. Lena Hoffmann',
  },
  {
    key: 'valencia',
    org: 'levante',
    name: 'Hospital Universitario Levante',
    city: 'Valencia',
    country: 'ES',
    timeZone: 'Europe/Madrid',
    pi: 'Dra. Lucía Navarro',
  },
  {
    key: 'madrid',
    org: 'meseta',
    name: 'Centro Médico Meseta',
    city: 'Madrid',
    country: 'ES',
    timeZone: 'Europe/Madrid',
    pi: 'Dr. Alejandro Ruiz',
  },
  {
    key: 'seville',
    org: 'levante',
    name: 'Levante Sur – Unidad de Ensayos',
    city: 'Sevilla',
    country: 'ES',
    timeZone: 'Europe/Madrid',
    pi: 'Dra. Carmen Ortega',
  },
] as const;

export type DemoSiteKey = (typeof demoSites)[number]['key'];

export const demoStudies = [
  {
    key: 'nwt101',
    sponsor: 'northwind',
    cro: 'meridian',
    protocolNumber: 'NWT-101-02',
    shortName: 'AURORA',
    title: 'A Phase 2, Randomized, Double-Blind Study of NWT-101 in Adults with Moderate to Severe Plaque Psoriasis',
    phase: 'phase_2',
    therapeuticArea: 'Dermatology',
    indication: 'Plaque psoriasis',
    status: 'enrolling',
    enrollmentTarget: 240,
    plannedSites: 6,
    plannedFpiDate: '2026-03-02',
    plannedLpiDate: '2027-04-30',
  },
  {
    key: 'nwt205',
    sponsor: 'northwind',
    cro: 'meridian',
    protocolNumber: 'NWT-205-01',
    shortName: 'BOREAL',
    title: 'A Phase 3 Study of NWT-205 Versus Placebo in Chronic Spontaneous Urticaria',
    phase: 'phase_3',
    therapeuticArea: 'Immunology',
    indication: 'Chronic spontaneous urticaria',
    status: 'start_up',
    enrollmentTarget: 600,
    plannedSites: 8,
    plannedFpiDate: '2027-01-15',
    plannedLpiDate: '2028-06-30',
  },
  {
    key: 'hlx301',
    sponsor: 'helios',
    cro: 'meridian',
    protocolNumber: 'HLX-301-CT',
    shortName: 'HELIX-3',
    title: 'A Phase 3, Open-Label Study of Helirastat Plus Standard of Care in Metastatic Colorectal Cancer',
    phase: 'phase_3',
    therapeuticArea: 'Oncology',
    indication: 'Metastatic colorectal cancer',
    status: 'enrolling',
    enrollmentTarget: 420,
    plannedSites: 7,
    plannedFpiDate: '2025-11-03',
    plannedLpiDate: '2027-02-26',
  },
  {
    key: 'hlx110',
    sponsor: 'helios',
    cro: null,
    protocolNumber: 'HLX-110-FIH',
    shortName: 'HELIX-1',
    title: 'A First-in-Human Phase 1 Dose-Escalation Study of HLX-110 in Healthy Volunteers',
    phase: 'phase_1',
    therapeuticArea: 'Cardiology',
    indication: 'Heart failure (healthy volunteers)',
    status: 'planning',
    enrollmentTarget: 48,
    plannedSites: 2,
    plannedFpiDate: '2027-05-03',
    plannedLpiDate: '2027-09-30',
  },
] as const;

export type DemoStudyKey = (typeof demoStudies)[number]['key'];

/** Each study-site's path: the statuses it passes through, in order, with the reasons given. */
export const demoStudySites: {
  study: DemoStudyKey;
  site: DemoSiteKey;
  number: string;
  target: number;
  smo: boolean;
  path: { status: string; reason: string }[];
}[] = [
  {
    study: 'nwt101',
    site: 'chicago',
    number: '101',
    target: 40,
    smo: true,
    path: [
      { status: 'selected', reason: 'Feasibility score 86; strong psoriasis referral base' },
      { status: 'start_up', reason: 'CDA and budget signed' },
      { status: 'active', reason: 'Site initiation visit done; greenlight from sponsor' },
    ],
  },
  {
    study: 'nwt101',
    site: 'denver',
    number: '102',
    target: 35,
    smo: true,
    path: [
      { status: 'selected', reason: 'Feasibility accepted' },
      { status: 'start_up', reason: 'Contract negotiation started' },
      { status: 'active', reason: 'IRB approval received and SIV complete' },
    ],
  },
  {
    study: 'nwt101',
    site: 'cologne',
    number: '201',
    target: 45,
    smo: false,
    path: [
      { status: 'selected', reason: 'Feasibility accepted' },
      { status: 'start_up', reason: 'Ethics submission filed' },
      { status: 'active', reason: 'Ethics approval and SIV complete' },
      // Closed without a participant: a site that found no eligible patient is closed to enrollment, not left open.
      { status: 'enrollment_closed', reason: 'No eligible patient referred in six months: recruitment at this site stopped' },
    ],
  },
  {
    study: 'nwt101',
    site: 'valencia',
    number: '301',
    target: 30,
    smo: false,
    path: [
      { status: 'selected', reason: 'Feasibility accepted' },
      { status: 'start_up', reason: 'Contract in review' },
    ],
  },
  {
    study: 'nwt205',
    site: 'evanston',
    number: '1001',
    target: 60,
    smo: true,
    path: [{ status: 'selected', reason: 'Prior urticaria enrollment above plan' }],
  },
  { study: 'nwt205', site: 'munich', number: '2001', target: 80, smo: false, path: [] },
  { study: 'nwt205', site: 'denver', number: '1002', target: 50, smo: true, path: [] },
  {
    study: 'nwt205',
    site: 'madrid',
    number: '3001',
    target: 70,
    smo: false,
    path: [{ status: 'closed', reason: 'Not selected: competing study for the same population' }],
  },
  {
    study: 'hlx301',
    site: 'chicago',
    number: '01-001',
    target: 50,
    smo: true,
    path: [
      { status: 'selected', reason: 'Oncology unit with GI tumour board' },
      { status: 'start_up', reason: 'Budget agreed' },
      { status: 'active', reason: 'SIV complete' },
    ],
  },
  {
    study: 'hlx301',
    site: 'munich',
    number: '02-001',
    target: 60,
    smo: false,
    path: [
      { status: 'selected', reason: 'Feasibility accepted' },
      { status: 'start_up', reason: 'Contract executed' },
      { status: 'active', reason: 'SIV complete' },
    ],
  },
  {
    study: 'hlx301',
    site: 'seville',
    number: '03-001',
    target: 40,
    smo: false,
    path: [
      { status: 'selected', reason: 'Feasibility accepted' },
      { status: 'start_up', reason: 'Contract executed' },
      { status: 'active', reason: 'SIV complete' },
      { status: 'closed', reason: 'Closed early: PI left the institution' },
    ],
  },
  {
    study: 'hlx301',
    site: 'denver',
    number: '01-002',
    target: 45,
    smo: true,
    path: [{ status: 'selected', reason: 'Feasibility accepted' }],
  },
  { study: 'hlx110', site: 'cologne', number: 'P1-01', target: 24, smo: false, path: [] },
];

export const demoUsers: {
  email: string;
  fullName: string;
  org: DemoOrganizationKey;
  grants: { role: string; scope: 'platform' | { organization: DemoOrganizationKey } | { site: DemoSiteKey } | { study: DemoStudyKey } }[];
}[] = [
  { email: 'admin@demo.trialdesk.dev', fullName: 'Ada Admin', org: 'operator', grants: [{ role: 'platform_admin', scope: 'platform' }] },
  {
    email: 'studymanager@demo.trialdesk.dev',
    fullName: 'Sam Manager',
    org: 'northwind',
    grants: [{ role: 'study_manager', scope: { organization: 'northwind' } }],
  },
  {
    email: 'studymanager2@demo.trialdesk.dev',
    fullName: 'Hanna Keller',
    org: 'helios',
    grants: [{ role: 'study_manager', scope: { organization: 'helios' } }],
  },
  {
    email: 'cra@demo.trialdesk.dev',
    fullName: 'Chris Monitor',
    org: 'meridian',
    grants: [{ role: 'cra', scope: { organization: 'meridian' } }],
  },
  {
    email: 'coordinator@demo.trialdesk.dev',
    fullName: 'Casey Coordinator',
    org: 'carebridge',
    grants: [
      { role: 'study_coordinator', scope: { site: 'chicago' } },
      { role: 'study_coordinator', scope: { site: 'denver' } },
    ],
  },
  {
    email: 'networklead@demo.trialdesk.dev',
    fullName: 'Nora Network',
    org: 'carebridge',
    grants: [{ role: 'smo_network_lead', scope: { organization: 'carebridge' } }],
  },
  {
    email: 'investigator@demo.trialdesk.dev',
    fullName: 'Dr. Maya Okafor',
    org: 'lakeshore',
    grants: [{ role: 'investigator', scope: { site: 'chicago' } }],
  },
  // Principal investigators who confirm eligibility and sign their sites' delegation logs (participant demo).
  {
    email: 'pi.denver@demo.trialdesk.dev',
    fullName: 'Dr. Priya Raman',
    org: 'pinecrest',
    grants: [{ role: 'investigator', scope: { site: 'denver' } }],
  },
  {
    email: 'pi.munich@demo.trialdesk.dev',
    fullName: 'Dr. Lena Hoffmann',
    org: 'isar',
    grants: [{ role: 'investigator', scope: { site: 'munich' } }],
  },
  {
    email: 'auditor@demo.trialdesk.dev',
    fullName: 'Alex Auditor',
    org: 'northwind',
    grants: [{ role: 'auditor', scope: { organization: 'northwind' } }],
  },
  // AURORA is double-blind: the CRO's unblinded statistician is the one demo user who sees its arms.
  {
    email: 'unblinded@demo.trialdesk.dev',
    fullName: 'Uma Unblinded',
    org: 'meridian',
    grants: [{ role: 'unblinded_pharmacist', scope: { study: 'nwt101' } }],
  },
];
