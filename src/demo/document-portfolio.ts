import type { ruleTargets } from '../modules/documents/document.schemas.js';
import type { RelativeDay } from './demo-dates.js';
import type { DemoSiteKey, DemoStudyKey } from './demo-portfolio.js';

type RuleTarget = (typeof ruleTargets)[number];

/** What each study expects of every site and investigator (TMF Reference Model artifacts). */
const commonRules: { artifactNumber: string; appliesTo: RuleTarget }[] = [
  { artifactNumber: '04.01.02', appliesTo: 'site' }, // IRB or IEC Decision
  { artifactNumber: '05.02.12', appliesTo: 'site' }, // Clinical Trial Agreement
  { artifactNumber: '05.02.04', appliesTo: 'principal_investigator' }, // PI CV
  { artifactNumber: '05.02.05', appliesTo: 'sub_investigator' }, // Sub-Investigator CV
  { artifactNumber: '05.02.07', appliesTo: 'sub_investigator' }, // Site Staff Qualification Supporting Information (GCP certificate)
];

/**
 * Rules are per study; HELIX-3 runs under a US IND, so it expects Form FDA 1572 of every PI
 * (21 CFR 312.53(c)) and waives it where a site is not under the IND.
 */
export const demoDocumentRules: { study: DemoStudyKey; rules: { artifactNumber: string; appliesTo: RuleTarget }[] }[] = [
  { study: 'nwt101', rules: commonRules },
  { study: 'hlx301', rules: [...commonRules, { artifactNumber: '05.02.08', appliesTo: 'principal_investigator' }] },
];

export type DemoOutcome = 'approved' | 'submitted' | 'returned' | 'draft';

export interface DemoDocument {
  study: DemoStudyKey;
  site: DemoSiteKey;
  /** An investigator's own document (CV, GCP certificate); none for a site's document. */
  person?: string;
  artifactNumber: string;
  title: string;
  effectiveDay?: RelativeDay;
  expiryDay?: RelativeDay;
  /** Who files it; the CRA of the CRO reviews every one of them. */
  filedBy: string;
  outcome: DemoOutcome;
  returnReason?: string;
}

const coordinator = 'coordinator@demo.trialdesk.dev';
const northwind = 'studymanager@demo.trialdesk.dev';
const helios = 'studymanager2@demo.trialdesk.dev';
export const demoReviewer = 'cra@demo.trialdesk.dev';

/** The title a person's document is filed under, by artifact. */
const personTitles: Record<string, (person: string) => string> = {
  '05.02.04': (person) => `Curriculum Vitae — ${person}`,
  '05.02.05': (person) => `Curriculum Vitae — ${person}`,
  '05.02.07': (person) => `GCP certificate — ${person}`,
  '05.02.08': (person) => `Form FDA 1572 — ${person}`,
};

type Dates = { effectiveDay?: RelativeDay; expiryDay?: RelativeDay; returnReason?: string };

/** The documents of one study-site, filed by one person: a line per document. */
function fileOf(study: DemoStudyKey, site: DemoSiteKey, filedBy: string) {
  const one = (artifactNumber: string, title: string, outcome: DemoOutcome, dates: Dates = {}): DemoDocument => ({
    study,
    site,
    artifactNumber,
    title,
    filedBy,
    outcome,
    ...dates,
  });
  const person = (name: string, artifactNumber: string, outcome: DemoOutcome, dates: Dates = {}): DemoDocument => ({
    ...one(artifactNumber, personTitles[artifactNumber]?.(name) ?? artifactNumber, outcome, dates),
    person: name,
  });
  return { one, person };
}

const auroraChicago = fileOf('nwt101', 'chicago', coordinator);
const auroraDenver = fileOf('nwt101', 'denver', coordinator);
const auroraCologne = fileOf('nwt101', 'cologne', northwind);
const auroraValencia = fileOf('nwt101', 'valencia', northwind);
const helixChicago = fileOf('hlx301', 'chicago', coordinator);
const helixMunich = fileOf('hlx301', 'munich', helios);

export const demoDocuments: DemoDocument[] = [
  // AURORA Chicago: complete but for Dr. Brooks's CV (a browser test files it); his GCP certificate matches his
  // training record (staff-portfolio.ts); the PI's CV is due for renewal.
  auroraChicago.one('04.01.02', 'IRB approval letter', 'approved', { effectiveDay: -250, expiryDay: 115 }),
  auroraChicago.one('05.02.12', 'Clinical Trial Agreement', 'approved', { effectiveDay: -245 }),
  auroraChicago.person('Dr. Maya Okafor', '05.02.04', 'approved', { effectiveDay: -685, expiryDay: 45 }),
  auroraChicago.person('Dr. Ethan Brooks', '05.02.07', 'approved', { effectiveDay: -400, expiryDay: 695 }),
  // AURORA Denver: the CTA waits for review; the PI's CV came back unsigned.
  auroraDenver.one('04.01.02', 'IRB approval letter', 'approved', { effectiveDay: -225, expiryDay: 140 }),
  auroraDenver.one('05.02.12', 'Clinical Trial Agreement', 'submitted', { effectiveDay: -6 }),
  auroraDenver.person('Dr. Priya Raman', '05.02.04', 'returned', {
    effectiveDay: -10,
    expiryDay: 720,
    returnReason: 'Unsigned CV: please file the signed page',
  }),
  auroraDenver.person('Dr. Tom Whitaker', '05.02.05', 'approved', { effectiveDay: -300, expiryDay: 430 }),
  auroraDenver.person('Dr. Tom Whitaker', '05.02.07', 'approved', { effectiveDay: -1055, expiryDay: 40 }),
  // AURORA Köln (enrollment closed): complete, but Dr. Braun's GCP certificate has lapsed.
  auroraCologne.one('04.01.02', 'Ethics committee approval (Votum)', 'approved', { effectiveDay: -290 }),
  auroraCologne.one('05.02.12', 'Clinical Trial Agreement', 'approved', { effectiveDay: -286 }),
  auroraCologne.person('Prof. Dr. Jonas Weber', '05.02.04', 'approved', { effectiveDay: -320, expiryDay: 410 }),
  auroraCologne.person('Dr. Katrin Schulz', '05.02.05', 'approved', { effectiveDay: -310, expiryDay: 420 }),
  auroraCologne.person('Dr. Felix Braun', '05.02.05', 'approved', { effectiveDay: -305, expiryDay: 425 }),
  auroraCologne.person('Dr. Katrin Schulz', '05.02.07', 'approved', { effectiveDay: -420, expiryDay: 675 }),
  auroraCologne.person('Dr. Felix Braun', '05.02.07', 'approved', { effectiveDay: -1195, expiryDay: -100 }),
  // AURORA Valencia (start-up): approvals in, the PI's CV under review.
  auroraValencia.one('04.01.02', 'Dictamen favorable del CEIm', 'approved', { effectiveDay: -45 }),
  auroraValencia.one('05.02.12', 'Clinical Trial Agreement', 'approved', { effectiveDay: -60 }),
  auroraValencia.person('Dra. Lucía Navarro', '05.02.04', 'submitted', { effectiveDay: -30, expiryDay: 700 }),
  // HELIX-3 Chicago: a mix.
  helixChicago.one('04.01.02', 'IRB continuing review approval', 'approved', { effectiveDay: -20, expiryDay: 345 }),
  helixChicago.one('05.02.12', 'Clinical Trial Agreement', 'approved', { effectiveDay: -370 }),
  helixChicago.person('Dr. Maya Okafor', '05.02.04', 'approved', { effectiveDay: -300, expiryDay: 430 }),
  helixChicago.person('Dr. Maya Okafor', '05.02.08', 'approved', { effectiveDay: -390 }),
  helixChicago.person('Dr. Ethan Brooks', '05.02.05', 'submitted', { effectiveDay: -25, expiryDay: 705 }),
  // HELIX-3 München: a mix; Form FDA 1572 waived (below).
  helixMunich.one('04.01.02', 'Ethics committee approval (Votum)', 'approved', { effectiveDay: -340 }),
  helixMunich.one('05.02.12', 'Clinical Trial Agreement', 'approved', { effectiveDay: -334 }),
  helixMunich.person('Dr. Lena Hoffmann', '05.02.04', 'approved', { effectiveDay: -350, expiryDay: 380 }),
  helixMunich.person('Dr. Tobias Wagner', '05.02.05', 'approved', { effectiveDay: -345, expiryDay: 385 }),
  helixMunich.person('Dr. Tobias Wagner', '05.02.07', 'submitted', { effectiveDay: -500, expiryDay: 595 }),
];

/** A gap accepted on purpose, with its reason (shown wherever the gap is). */
export const demoWaivers: { study: DemoStudyKey; site: DemoSiteKey; person: string; artifactNumber: string; by: string; reason: string }[] =
  [
    {
      study: 'hlx301',
      site: 'munich',
      person: 'Dr. Lena Hoffmann',
      artifactNumber: '05.02.08',
      by: helios,
      reason: 'Site outside the US, not conducted under the US IND: Form FDA 1572 does not apply.',
    },
  ];
