import type { EnumOption } from '../../lib/enum-labels';
import type { StudySite } from '../study-sites/study-site-types';

export const participantStatuses = [
  'screening',
  'screen_failed',
  'enrolled',
  'on_treatment',
  'follow_up',
  'completed',
  'withdrawn',
  'lost_to_follow_up',
] as const;
export type ParticipantStatus = (typeof participantStatuses)[number];

export const participantStatusOptions: EnumOption<ParticipantStatus>[] = [
  { value: 'screening', label: 'Screening', color: 'blue' },
  { value: 'screen_failed', label: 'Screen failed', color: 'gray' },
  { value: 'enrolled', label: 'Enrolled', color: 'teal' },
  { value: 'on_treatment', label: 'On treatment', color: 'green' },
  { value: 'follow_up', label: 'Follow-up', color: 'cyan' },
  { value: 'completed', label: 'Completed', color: 'dark' },
  { value: 'withdrawn', label: 'Withdrawn', color: 'orange' },
  { value: 'lost_to_follow_up', label: 'Lost to follow-up', color: 'red' },
];

/** Statuses from which no further step exists: the participant's part in the study is over. */
export const endedStatuses: readonly string[] = ['screen_failed', 'completed', 'withdrawn', 'lost_to_follow_up', 'lost'];

export interface Identity {
  id?: string;
  fullName: string;
  dateOfBirth: string | null;
  phone: string | null;
  email: string | null;
  version?: number;
}

/** A participant as lists and the page header show it (participant.schemas.ts participantSchema). */
export interface Participant {
  id: string;
  studyId: string;
  studySiteId: string;
  siteNumber: string;
  subjectNumber: string;
  status: ParticipantStatus;
  candidateId: string | null;
  coordinatorUserId: string | null;
  consentLanguage: string;
  screenedOn: string;
  consentedOn: string | null;
  screenFailedOn: string | null;
  screenFailReason: string | null;
  eligibilityConfirmedAt: string | null;
  eligibilityConfirmedByUserId: string | null;
  randomizationNumber: string | null;
  enrolledOn: string | null;
  completedOn: string | null;
  withdrawnOn: string | null;
  withdrawalScope: 'treatment' | 'study' | null;
  withdrawalReason: string | null;
  lostOn: string | null;
  /** Present only for callers who may identify participants at the site. */
  fullName?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Consent {
  id: string;
  kind: 'initial' | 're_consent';
  icfVersionId: string;
  icfVersionLabel: string;
  language: string;
  consentedAt: string;
  consentedOn: string;
  obtainedByPersonId: string;
  obtainedByName: string;
  recordedByUserId: string | null;
}

export interface ReconsentTask {
  id: string;
  icfVersionId: string;
  icfVersionLabel: string;
  dueFrom: string;
  status: 'open' | 'done' | 'cancelled';
  consentId: string | null;
  closedAt: string | null;
}

export interface CriterionAnswer {
  criterionId: string;
  kind: 'inclusion' | 'exclusion';
  number: number;
  text: string;
  met: boolean | null;
  note: string | null;
  answeredAt: string | null;
  answeredByUserId: string | null;
}

export interface Eligibility {
  /** The protocol version in force at the site today, whose criteria these are. */
  protocolVersionId: string | null;
  criteria: CriterionAnswer[];
  confirmedAt: string | null;
  confirmedByUserId: string | null;
}

/** GET /api/participants/:id: the participant page in one read. */
export interface ParticipantPage {
  participant: Participant;
  studySite: StudySite;
  identity?: Identity;
  consents: Consent[];
  reconsentTasks: ReconsentTask[];
  eligibility: Eligibility;
  /** Arm is null when not randomized or when the reader is blinded. */
  randomization: { number: string | null; enrolledOn: string | null; arm: { code: string; name: string } | null } | null;
}

export const candidateSources = ['referral', 'site_database', 'advertisement', 'registry', 'other'] as const;
export type CandidateSource = (typeof candidateSources)[number];
export const candidateSourceOptions: EnumOption<CandidateSource>[] = [
  { value: 'referral', label: 'Referral', color: 'blue' },
  { value: 'site_database', label: 'Site database', color: 'cyan' },
  { value: 'advertisement', label: 'Advertisement', color: 'grape' },
  { value: 'registry', label: 'Registry', color: 'indigo' },
  { value: 'other', label: 'Other', color: 'gray' },
];

export const candidateOutcomes = ['pending', 'to_screen', 'not_eligible', 'declined', 'unable_to_contact', 'other', 'screened'] as const;
export type CandidateOutcome = (typeof candidateOutcomes)[number];
export const candidateOutcomeOptions: EnumOption<CandidateOutcome>[] = [
  { value: 'pending', label: 'Pending', color: 'gray' },
  { value: 'to_screen', label: 'To screen', color: 'blue' },
  { value: 'not_eligible', label: 'Not eligible', color: 'orange' },
  { value: 'declined', label: 'Declined', color: 'red' },
  { value: 'unable_to_contact', label: 'Unable to contact', color: 'yellow' },
  { value: 'other', label: 'Other', color: 'gray' },
  { value: 'screened', label: 'Screened', color: 'green' },
];

export interface PrescreenCandidate {
  id: string;
  studyId: string;
  studySiteId: string;
  source: CandidateSource;
  prescreenedOn: string;
  outcome: CandidateOutcome;
  outcomeReason: string | null;
  participantId: string | null;
  /** Present only for callers who may identify participants at the site. */
  identity?: Identity | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The sponsor-side summary: counts and reasons only, never who. */
export interface PrescreenSummary {
  total: number;
  bySite: { studySiteId: string; siteNumber: string; siteName: string; count: number }[];
  bySource: { source: CandidateSource; count: number }[];
  byOutcome: { outcome: CandidateOutcome; count: number }[];
  reasons: { outcome: CandidateOutcome; reason: string; count: number }[];
}

export const withdrawalScopeOptions: EnumOption<'treatment' | 'study'>[] = [
  { value: 'treatment', label: 'Study treatment only (follow-up continues)', color: 'orange' },
  { value: 'study', label: 'The whole study', color: 'red' },
];
