import type { candidateOutcomes, candidateSources } from '../modules/participants/prescreen.schemas.js';
import type { RelativeDay } from './demo-dates.js';
import type { DemoSiteKey, DemoStudyKey } from './demo-portfolio.js';

/**
 * The participants of the enrolling studies' active sites. Names are invented. Each one was
 * pre-screened, screened and consented, their eligibility answered and confirmed by the
 * investigator, then randomized two weeks after consent, and came to their visits, mostly in
 * window; a few did not (late, missed), a few failed screening, one withdrew and one finished.
 * Every day is relative to the day of seeding and at least two days back (safeMarginDays).
 */
type CandidateSource = (typeof candidateSources)[number];
/** 'screened' is set by screening, never by hand. */
type CandidateOutcomeInput = Exclude<(typeof candidateOutcomes)[number], 'screened'>;

export interface DemoParticipant {
  name: string;
  dateOfBirth: string;
  source: CandidateSource;
  consentDay: RelativeDay;
  /** Still in screening: eligibility answered or not yet. */
  screening?: { answered: boolean };
  screenFail?: { criterion: { kind: 'inclusion' | 'exclusion'; number: number }; note: string; reason: string };
  /** Days after randomization, with the scope and reason. */
  withdrawal?: { afterDays: number; scope: 'treatment' | 'study'; reason: string };
  /** Visit codes the participant did not come to: marked missed when their window closed. */
  missed?: string[];
  /** Visit code → days after the window's last day the visit took place. */
  late?: Record<string, number>;
  /** Signed the revised consent form (AURORA Chicago) two days after its approval. */
  reconsented?: boolean;
  /** An unscheduled visit so many days after randomization. */
  unscheduledAfter?: number;
}

export interface DemoCohort {
  study: DemoStudyKey;
  site: DemoSiteKey;
  /** Who screens, randomizes and records visits (and is the participants' coordinator). */
  coordinator: string;
  /** The investigator who confirms eligibility (validly delegated 'assess_eligibility'). */
  investigator: string;
  /** The person who obtains consent (validly delegated 'obtain_consent'). */
  consenter: string;
  participants: DemoParticipant[];
  /** Candidates of the pre-screening log who were not screened. */
  notScreened: { name: string; source: CandidateSource; day: RelativeDay; outcome: CandidateOutcomeInput; reason: string | null }[];
}

/** Days from consent to the eligibility answers, the investigator's confirmation and randomization. */
export const screeningDays = { answered: 7, confirmed: 9, randomized: 14 };

const coordinator = 'coordinator@demo.trialdesk.dev';
const chicagoInvestigator = 'investigator@demo.trialdesk.dev';

export const demoCohorts: DemoCohort[] = [
  {
    study: 'nwt101',
    site: 'chicago',
    coordinator,
    investigator: chicagoInvestigator,
    consenter: 'Casey Coordinator',
    participants: [
      { name: 'Harold Jennings', dateOfBirth: '1958-03-14', source: 'site_database', consentDay: -196 },
      { name: 'Maria Delgado', dateOfBirth: '1979-07-02', source: 'referral', consentDay: -178, late: { W8: 2 } },
      { name: 'Kevin O’Brien', dateOfBirth: '1986-11-23', source: 'advertisement', consentDay: -176, reconsented: true },
      {
        name: 'Tanya Whitfield',
        dateOfBirth: '1990-01-30',
        source: 'referral',
        consentDay: -168,
        screenFail: {
          criterion: { kind: 'inclusion', number: 2 },
          note: 'PASI 9.4 and BSA 7% at screening',
          reason: 'Inclusion 2 not met: PASI 9.4 at screening',
        },
      },
      { name: 'George Papadakis', dateOfBirth: '1955-09-09', source: 'site_database', consentDay: -158, missed: ['W12'] },
      { name: 'Aaliyah Brooks-Grant', dateOfBirth: '1993-04-18', source: 'registry', consentDay: -149, unscheduledAfter: 40 },
      { name: 'Daniel Kowalski', dateOfBirth: '1971-12-05', source: 'referral', consentDay: -139, reconsented: true },
      {
        name: 'Priscilla Nguyen',
        dateOfBirth: '1982-06-27',
        source: 'advertisement',
        consentDay: -128,
        screenFail: {
          criterion: { kind: 'exclusion', number: 2 },
          note: 'QuantiFERON-TB positive',
          reason: 'Exclusion 2: latent tuberculosis (positive QuantiFERON-TB test)',
        },
      },
      { name: 'Samuel Adeyemi', dateOfBirth: '1966-02-11', source: 'referral', consentDay: -119, late: { W4: 3 } },
      {
        name: 'Rebecca Lindqvist',
        dateOfBirth: '1988-08-08',
        source: 'site_database',
        consentDay: -108,
        withdrawal: { afterDays: 45, scope: 'study', reason: 'Withdrew consent: moving out of state' },
      },
      { name: 'Marcus Whitaker', dateOfBirth: '1949-10-17', source: 'referral', consentDay: -97 },
      { name: 'Yuki Tanaka', dateOfBirth: '1984-05-21', source: 'registry', consentDay: -86, missed: ['W4'] },
      { name: 'Luis Herrera', dateOfBirth: '1975-03-03', source: 'advertisement', consentDay: -74, reconsented: true },
      { name: 'Dorothy Fairbanks', dateOfBirth: '1957-12-29', source: 'site_database', consentDay: -63 },
      { name: 'Imran Siddiqui', dateOfBirth: '1992-09-15', source: 'referral', consentDay: -52, unscheduledAfter: 20 },
      { name: 'Chloe Martin', dateOfBirth: '1998-02-06', source: 'advertisement', consentDay: -41 },
      // Randomized four weeks ago: her Week 4 visit is due on the day of seeding (the coordinator's home page).
      { name: 'Rosa Whitman', dateOfBirth: '1981-03-22', source: 'referral', consentDay: -42 },
      { name: 'Walter Grabowski', dateOfBirth: '1952-07-19', source: 'referral', consentDay: -31 },
      { name: 'Jasmine Carter', dateOfBirth: '1987-10-10', source: 'site_database', consentDay: -22 },
      { name: 'Omar Haddad', dateOfBirth: '1979-01-25', source: 'referral', consentDay: -13, screening: { answered: true } },
      { name: 'Brenda Sullivan', dateOfBirth: '1969-06-01', source: 'advertisement', consentDay: -5, screening: { answered: false } },
    ],
    notScreened: [
      {
        name: 'Victor Alvarez',
        source: 'advertisement',
        day: -150,
        outcome: 'declined',
        reason: 'Did not want a 1 in 2 chance of placebo',
      },
      { name: 'Helen Cho', source: 'referral', day: -120, outcome: 'not_eligible', reason: 'Guttate psoriasis' },
      { name: 'Ronald Pierce', source: 'site_database', day: -90, outcome: 'unable_to_contact', reason: 'No answer after three calls' },
      { name: 'Fatima Rahimi', source: 'registry', day: -60, outcome: 'not_eligible', reason: 'On adalimumab, washout not possible' },
      { name: 'Gregory Stein', source: 'advertisement', day: -35, outcome: 'declined', reason: 'Travel distance to the site' },
      { name: 'Naomi Feld', source: 'referral', day: -8, outcome: 'to_screen', reason: null },
      { name: 'Peter Ivanov', source: 'site_database', day: -3, outcome: 'pending', reason: null },
    ],
  },
  {
    study: 'nwt101',
    site: 'denver',
    coordinator,
    investigator: 'pi.denver@demo.trialdesk.dev',
    consenter: 'Casey Coordinator',
    participants: [
      { name: 'Clara Bishop', dateOfBirth: '1974-04-12', source: 'referral', consentDay: -151 },
      { name: 'Ethan Morales', dateOfBirth: '1989-08-30', source: 'advertisement', consentDay: -137, late: { W12: 4 } },
      {
        name: 'Gloria Reyes',
        dateOfBirth: '1961-11-02',
        source: 'site_database',
        consentDay: -122,
        screenFail: {
          criterion: { kind: 'exclusion', number: 1 },
          note: 'Pustular lesions on palms and soles',
          reason: 'Exclusion 1: pustular psoriasis',
        },
      },
      { name: 'Isaac Thornton', dateOfBirth: '1955-05-05', source: 'referral', consentDay: -108 },
      { name: 'Lena Kaufman', dateOfBirth: '1983-12-19', source: 'registry', consentDay: -93, missed: ['W8'] },
      { name: 'Patrick Doyle', dateOfBirth: '1970-03-27', source: 'referral', consentDay: -77 },
      { name: 'Sofia Castillo', dateOfBirth: '1995-07-07', source: 'advertisement', consentDay: -61 },
      { name: 'Raymond Holt', dateOfBirth: '1948-09-21', source: 'site_database', consentDay: -45 },
      { name: 'Megan Ashford', dateOfBirth: '1991-02-14', source: 'referral', consentDay: -29 },
      { name: 'Trevor Lang', dateOfBirth: '1977-10-31', source: 'advertisement', consentDay: -10, screening: { answered: true } },
    ],
    notScreened: [
      { name: 'Diane Walsh', source: 'referral', day: -100, outcome: 'declined', reason: 'Daily tablets for a year felt too much' },
      { name: 'Hector Ruiz', source: 'advertisement', day: -55, outcome: 'not_eligible', reason: 'PASI below 12 at phone pre-screen' },
      { name: 'Julia Brandt', source: 'site_database', day: -6, outcome: 'pending', reason: null },
    ],
  },
  {
    study: 'hlx301',
    site: 'chicago',
    coordinator,
    investigator: chicagoInvestigator,
    consenter: 'Casey Coordinator',
    participants: [
      {
        name: 'Franklin Moss',
        dateOfBirth: '1956-06-16',
        source: 'referral',
        consentDay: -318,
        withdrawal: { afterDays: 120, scope: 'treatment', reason: 'Radiological disease progression at week 16' },
      },
      { name: 'Angela Russo', dateOfBirth: '1963-01-08', source: 'referral', consentDay: -281, late: { TA1: 2 } },
      { name: 'Bernard Okoye', dateOfBirth: '1959-04-22', source: 'site_database', consentDay: -236 },
      {
        name: 'Carol Jensen',
        dateOfBirth: '1950-11-11',
        source: 'referral',
        consentDay: -188,
        screenFail: {
          criterion: { kind: 'inclusion', number: 3 },
          note: 'ECOG 2 at screening',
          reason: 'Inclusion 3 not met: ECOG performance status 2',
        },
      },
      { name: 'Desmond Price', dateOfBirth: '1968-08-03', source: 'referral', consentDay: -129, missed: ['C4D1'] },
      { name: 'Eileen Murphy', dateOfBirth: '1972-03-30', source: 'site_database', consentDay: -68 },
      { name: 'Frank Delaney', dateOfBirth: '1961-09-13', source: 'referral', consentDay: -26 },
    ],
    notScreened: [
      { name: 'Gerald Fox', source: 'referral', day: -200, outcome: 'not_eligible', reason: 'Prior irinotecan (FOLFOXIRI)' },
      { name: 'Hannah Berg', source: 'registry', day: -90, outcome: 'declined', reason: 'Chose best supportive care' },
    ],
  },
  {
    study: 'hlx301',
    site: 'munich',
    coordinator: 'pi.munich@demo.trialdesk.dev',
    investigator: 'pi.munich@demo.trialdesk.dev',
    consenter: 'Sabine Krüger',
    participants: [
      { name: 'Klaus Brenner', dateOfBirth: '1957-02-19', source: 'referral', consentDay: -262 },
      { name: 'Ingrid Vogt', dateOfBirth: '1964-12-01', source: 'referral', consentDay: -203, late: { C3D1: 2 } },
      {
        name: 'Werner Haas',
        dateOfBirth: '1953-07-26',
        source: 'site_database',
        consentDay: -151,
        screenFail: {
          criterion: { kind: 'exclusion', number: 2 },
          note: 'Symptomatic brain metastasis on screening MRI',
          reason: 'Exclusion 2: symptomatic brain metastases',
        },
      },
      { name: 'Petra Lindner', dateOfBirth: '1970-05-09', source: 'referral', consentDay: -92 },
      { name: 'Stefan Albrecht', dateOfBirth: '1966-10-14', source: 'registry', consentDay: -38 },
    ],
    notScreened: [{ name: 'Monika Seidel', source: 'referral', day: -70, outcome: 'not_eligible', reason: 'No measurable lesion' }],
  },
];
