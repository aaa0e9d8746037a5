import type { ProtocolStructure } from '../modules/protocols/protocol.schemas.js';
import type { PutScheme } from '../modules/randomization/randomization.schemas.js';
import type { RelativeDay } from './demo-dates.js';
import type { DemoSiteKey, DemoStudyKey } from './demo-portfolio.js';

/**
 * The enrolling studies' protocols as their sites run them: AURORA (psoriasis, 16 weeks of
 * double-blind treatment, then follow-up) and HELIX-3 (colorectal cancer, open-label 14-day
 * cycles, tumour assessments every 8 weeks). Each final version is approved at the active sites
 * before their first participant, with its consent forms; AURORA Chicago's IRB approved a
 * revised consent form five days ago, so its participants have re-consent to do.
 */
type Visit = ProtocolStructure['visits'][number];
type Procedure = Visit['procedures'][number];

const p = (code: string, name: string, required = true): Procedure => ({ code, name, required });
const visit = (
  code: string,
  name: string,
  kind: Visit['kind'],
  anchor: Visit['anchor'],
  targetDay: number | null,
  [windowBeforeDays, windowAfterDays]: [number, number],
  procedures: Procedure[],
): Visit => ({ code, name, kind, anchor, targetDay, windowBeforeDays, windowAfterDays, procedures });

const vitals = p('VS', 'Vital signs');
const labs = p('LAB', 'Haematology and chemistry');
const aes = p('AE', 'Adverse event review');
const pasi = p('PASI', 'PASI and sPGA assessment');
const dlqi = p('DLQI', 'DLQI questionnaire');
const dispense = p('IMP', 'Study drug dispensing and accountability');

const auroraStructure: ProtocolStructure = {
  arms: [
    { code: 'NWT101', name: 'NWT-101 6 mg once daily', allocationRatio: 1, blindedLabel: 'Treatment A' },
    { code: 'PBO', name: 'Placebo once daily', allocationRatio: 1, blindedLabel: 'Treatment B' },
  ],
  visits: [
    visit(
      'SCR',
      'Screening',
      'screening',
      'consent',
      0,
      [0, 28],
      [
        p('MH', 'Medical history and prior therapies'),
        p('PE', 'Physical examination'),
        vitals,
        labs,
        p('TB', 'QuantiFERON-TB test'),
        p('PREG', 'Serum pregnancy test (if of childbearing potential)', false),
        pasi,
      ],
    ),
    visit('BL', 'Baseline (day 1)', 'baseline', 'randomization', 0, [0, 2], [vitals, pasi, dlqi, p('ECG', '12-lead ECG'), dispense]),
    visit('W2', 'Week 2', 'treatment', 'baseline', 14, [3, 3], [vitals, aes, labs]),
    visit('W4', 'Week 4', 'treatment', 'baseline', 28, [3, 3], [vitals, aes, pasi, dispense, p('PK', 'PK sample', false)]),
    visit('W8', 'Week 8', 'treatment', 'baseline', 56, [5, 5], [vitals, aes, pasi, labs, dispense]),
    visit('W12', 'Week 12', 'treatment', 'baseline', 84, [7, 7], [vitals, aes, pasi, dlqi, dispense]),
    visit(
      'W16',
      'Week 16 (primary endpoint)',
      'treatment',
      'baseline',
      112,
      [7, 7],
      [vitals, aes, pasi, dlqi, labs, p('ECG', '12-lead ECG')],
    ),
    visit('FU', 'Safety follow-up', 'follow_up', 'baseline', 140, [7, 7], [vitals, aes]),
    visit('EOS', 'End of study', 'end_of_study', 'baseline', 168, [7, 7], [vitals, aes, pasi, labs]),
    visit('UNS', 'Unscheduled visit', 'unscheduled', null, null, [0, 0], [vitals, aes]),
  ],
  criteria: [
    { kind: 'inclusion', number: 1, text: 'Adults aged 18 to 75 with chronic plaque psoriasis for at least 6 months.' },
    { kind: 'inclusion', number: 2, text: 'PASI ≥ 12, BSA ≥ 10% and sPGA ≥ 3 at screening and baseline.' },
    { kind: 'inclusion', number: 3, text: 'Candidate for systemic therapy or phototherapy.' },
    { kind: 'inclusion', number: 4, text: 'Women of childbearing potential agree to use highly effective contraception.' },
    { kind: 'exclusion', number: 1, text: 'Erythrodermic, pustular or guttate psoriasis.' },
    { kind: 'exclusion', number: 2, text: 'Active or latent tuberculosis (positive QuantiFERON-TB test).' },
    { kind: 'exclusion', number: 3, text: 'Prior exposure to NWT-101 or another TYK2 inhibitor.' },
    { kind: 'exclusion', number: 4, text: 'Pregnancy or breastfeeding.' },
  ],
};

const ct = p('CT', 'CT chest/abdomen/pelvis (RECIST 1.1)');
const infusion = p('INF', 'Study treatment infusion');
const ecog = p('ECOG', 'ECOG performance status');

const helixStructure: ProtocolStructure = {
  arms: [
    { code: 'HLX', name: 'Helirastat + FOLFIRI', allocationRatio: 1, blindedLabel: null },
    { code: 'SOC', name: 'FOLFIRI alone', allocationRatio: 1, blindedLabel: null },
  ],
  visits: [
    visit(
      'SCR',
      'Screening',
      'screening',
      'consent',
      0,
      [0, 28],
      [
        p('MH', 'Medical and oncology history'),
        p('PE', 'Physical examination'),
        ecog,
        labs,
        p('CEA', 'CEA tumour marker'),
        ct,
        p('RAS', 'RAS mutation status (archival tissue)'),
      ],
    ),
    visit('C1D1', 'Cycle 1 day 1', 'baseline', 'randomization', 0, [0, 3], [vitals, ecog, labs, infusion]),
    visit('C2D1', 'Cycle 2 day 1', 'treatment', 'baseline', 14, [3, 3], [vitals, aes, labs, infusion]),
    visit('C3D1', 'Cycle 3 day 1', 'treatment', 'baseline', 28, [3, 3], [vitals, aes, labs, infusion]),
    visit('C4D1', 'Cycle 4 day 1', 'treatment', 'baseline', 42, [3, 3], [vitals, aes, labs, infusion]),
    visit('TA1', 'Tumour assessment week 8', 'treatment', 'baseline', 56, [7, 7], [ct, p('CEA', 'CEA tumour marker'), aes]),
    visit('C7D1', 'Cycle 7 day 1', 'treatment', 'baseline', 84, [3, 3], [vitals, aes, labs, infusion]),
    visit('TA2', 'Tumour assessment week 16', 'treatment', 'baseline', 112, [7, 7], [ct, p('CEA', 'CEA tumour marker'), aes]),
    visit('FU', '30-day safety follow-up', 'follow_up', 'baseline', 180, [7, 7], [vitals, aes, ecog]),
    visit('EOS', 'End of study (survival status)', 'end_of_study', 'baseline', 360, [14, 14], [aes]),
    visit('UNS', 'Unscheduled visit', 'unscheduled', null, null, [0, 0], [vitals, aes]),
  ],
  criteria: [
    { kind: 'inclusion', number: 1, text: 'Adults with histologically confirmed metastatic colorectal adenocarcinoma.' },
    { kind: 'inclusion', number: 2, text: 'Progression on or after one prior oxaliplatin-based regimen.' },
    { kind: 'inclusion', number: 3, text: 'ECOG performance status 0 or 1.' },
    { kind: 'inclusion', number: 4, text: 'At least one measurable lesion per RECIST 1.1.' },
    { kind: 'exclusion', number: 1, text: 'Prior treatment with irinotecan.' },
    { kind: 'exclusion', number: 2, text: 'Untreated or symptomatic brain metastases.' },
    { kind: 'exclusion', number: 3, text: 'Known complete DPD deficiency.' },
  ],
};

export interface DemoProtocol {
  study: DemoStudyKey;
  /** The sponsor's study manager who writes the protocol and the randomization scheme. */
  writtenBy: string;
  versionLabel: string;
  summaryOfChanges: string;
  structure: ProtocolStructure;
  /** Each active study-site's IRB/IEC approval of the protocol and its consent form. */
  approvals: { site: DemoSiteKey; day: RelativeDay; icf: string }[];
  icfs: { label: string; language: string }[];
  /** A revised consent form approved recently at one site: its participants re-consent. */
  revisedIcf?: { site: DemoSiteKey; label: string; language: string; day: RelativeDay };
  scheme: Omit<PutScheme, 'reason'>;
}

export const demoProtocols: DemoProtocol[] = [
  {
    study: 'nwt101',
    writtenBy: 'studymanager@demo.trialdesk.dev',
    versionLabel: '2.0',
    summaryOfChanges: 'Amendment 1: PK sampling at week 4 made optional; safety follow-up window widened to ±7 days.',
    structure: auroraStructure,
    approvals: [
      { site: 'chicago', day: -215, icf: '2.0' },
      { site: 'denver', day: -172, icf: '2.0' },
    ],
    icfs: [{ label: '2.0', language: 'en-US' }],
    revisedIcf: { site: 'chicago', label: '3.0', language: 'en-US', day: -5 },
    scheme: {
      blinding: 'double',
      blockSizes: [4, 6],
      strataFactors: [
        {
          code: 'AGE',
          label: 'Age group',
          levels: [
            { code: 'LT65', label: 'Under 65' },
            { code: 'GE65', label: '65 or older' },
          ],
        },
        {
          code: 'BIO',
          label: 'Prior biologic therapy',
          levels: [
            { code: 'NAIVE', label: 'Biologic-naive' },
            { code: 'EXPOSED', label: 'Prior biologic' },
          ],
        },
      ],
      stratifyBySite: false,
    },
  },
  {
    study: 'hlx301',
    writtenBy: 'studymanager2@demo.trialdesk.dev',
    versionLabel: '1.0',
    summaryOfChanges: 'Original protocol.',
    structure: helixStructure,
    approvals: [
      { site: 'chicago', day: -345, icf: '1.0' },
      { site: 'munich', day: -295, icf: '1.0' },
    ],
    icfs: [
      { label: '1.0', language: 'en-US' },
      { label: '1.0', language: 'de-DE' },
    ],
    scheme: {
      blinding: 'open',
      blockSizes: [4],
      strataFactors: [
        {
          code: 'RAS',
          label: 'RAS status',
          levels: [
            { code: 'WT', label: 'Wild-type' },
            { code: 'MUT', label: 'Mutant' },
          ],
        },
      ],
      stratifyBySite: true,
    },
  },
];

/** The consent language of each study-site's participants (Munich's form is in German). */
export const consentLanguageOf = (site: DemoSiteKey) => (site === 'munich' ? 'de-DE' : 'en-US');
