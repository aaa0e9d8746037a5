import type { Answer, ListItem } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type ParticipantStatus = Participant['status'];

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
export const endedStatuses: readonly ParticipantStatus[] = ['screen_failed', 'completed', 'withdrawn', 'lost_to_follow_up'];

/** GET /api/participants/:id: the participant page in one read. */
export type ParticipantPage = Answer<'/api/participants/{id}'>;
/** A participant as lists and the page header show it. */
export type Participant = ParticipantPage['participant'];
export type Identity = NonNullable<ParticipantPage['identity']>;
export type Consent = ParticipantPage['consents'][number];
export type ReconsentTask = ParticipantPage['reconsentTasks'][number];
export type Eligibility = ParticipantPage['eligibility'];
export type CriterionAnswer = Eligibility['criteria'][number];

export type CandidateSource = PrescreenCandidate['source'];
export const candidateSourceOptions: EnumOption<CandidateSource>[] = [
  { value: 'referral', label: 'Referral', color: 'blue' },
  { value: 'site_database', label: 'Site database', color: 'cyan' },
  { value: 'advertisement', label: 'Advertisement', color: 'grape' },
  { value: 'registry', label: 'Registry', color: 'indigo' },
  { value: 'other', label: 'Other', color: 'gray' },
];

export type CandidateOutcome = PrescreenCandidate['outcome'];
export const candidateOutcomeOptions: EnumOption<CandidateOutcome>[] = [
  { value: 'pending', label: 'Pending', color: 'gray' },
  { value: 'to_screen', label: 'To screen', color: 'blue' },
  { value: 'not_eligible', label: 'Not eligible', color: 'orange' },
  { value: 'declined', label: 'Declined', color: 'red' },
  { value: 'unable_to_contact', label: 'Unable to contact', color: 'yellow' },
  { value: 'other', label: 'Other', color: 'gray' },
  { value: 'screened', label: 'Screened', color: 'green' },
];

export type PrescreenCandidate = ListItem<'/api/studies/{id}/sites/{studySiteId}/prescreen-candidates'>;

/** The sponsor-side summary: counts and reasons only, never who. */
export type PrescreenSummary = Answer<'/api/studies/{id}/prescreening-summary'>;

export const withdrawalScopeOptions: EnumOption<NonNullable<Participant['withdrawalScope']>>[] = [
  { value: 'treatment', label: 'Study treatment only (follow-up continues)', color: 'orange' },
  { value: 'study', label: 'The whole study', color: 'red' },
];
