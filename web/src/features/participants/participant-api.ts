import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiGetVersioned, apiGetWithEtag, apiRequest, type Versioned, withQuery } from '../../app/api-client';
import { historyKey } from '../audit/audit-api';
import type {
  CandidateOutcome,
  CandidateSource,
  Identity,
  Participant,
  ParticipantPage,
  PrescreenCandidate,
  PrescreenSummary,
} from './participant-types';

export const participantKeys = {
  all: ['participants'] as const,
  list: ['participants', 'list'] as const,
  detail: (id: string) => ['participants', 'detail', id] as const,
  candidates: (studySiteId: string) => ['participants', 'candidates', studySiteId] as const,
  prescreenSummary: (studyId: string) => ['participants', 'prescreen-summary', studyId] as const,
  settings: (studyId: string) => ['participants', 'settings', studyId] as const,
};

export const participantPath = (id: string) => `/api/participants/${id}`;

/** The page and the ETag of its participant, which every write to it sends back as If-Match. */
export function useParticipant(id: string) {
  return useQuery({
    queryKey: participantKeys.detail(id),
    queryFn: async ({ signal }): Promise<Versioned<ParticipantPage>> => {
      const { record, etag } = await apiGetWithEtag<ParticipantPage>(participantPath(id), signal);
      return { record, etag: etag ?? `"${record.participant.version}"` };
    },
  });
}

export interface ScreenInput {
  screenedOn?: string;
  candidateId?: string;
  identity?: Partial<Identity>;
  consentLanguage?: string;
  coordinatorUserId?: string;
  reason?: string | null;
}

export const screenParticipant = (studyId: string, studySiteId: string, input: ScreenInput) =>
  apiRequest<Participant | ParticipantPage>(`/api/studies/${studyId}/sites/${studySiteId}/participants`, { method: 'POST', body: input });

/** A write answers the participant or the whole page; either way this is the participant. */
export const participantOf = (answer: Participant | ParticipantPage): Participant =>
  'participant' in answer ? answer.participant : answer;

export interface ConsentInput {
  icfVersionId: string;
  consentedAt: string;
  obtainedByPersonId: string;
}

export const recordConsent = (participantId: string, etag: string, input: ConsentInput) =>
  apiRequest<unknown>(`${participantPath(participantId)}/consents`, { method: 'POST', body: input, ifMatch: etag });

export const answerEligibility = (
  participantId: string,
  etag: string,
  answers: { criterionId: string; met: boolean; note?: string | null }[],
) => apiRequest<unknown>(`${participantPath(participantId)}/eligibility-answers`, { method: 'POST', body: { answers }, ifMatch: etag });

export const confirmEligibility = (participantId: string, etag: string, password: string) =>
  apiRequest<unknown>(`${participantPath(participantId)}/eligibility-confirmation`, {
    method: 'POST',
    body: { password },
    ifMatch: etag,
  });

export type StatusChange =
  | { status: 'screen_failed'; on: string; reason: string }
  | { status: 'withdrawn'; scope: 'treatment' | 'study'; on: string; reason: string }
  | { status: 'lost_to_follow_up'; on: string; reason: string }
  | { status: 'completed'; on: string; reason?: string | null }
  | { status: 'on_treatment'; reason: string }
  | { status: 'follow_up'; reason: string };

export const changeParticipantStatus = (participantId: string, etag: string, change: StatusChange) =>
  apiRequest<unknown>(`${participantPath(participantId)}/status`, { method: 'POST', body: change, ifMatch: etag });

// Pre-screening log

export const candidatesPath = (studyId: string, studySiteId: string) => `/api/studies/${studyId}/sites/${studySiteId}/prescreen-candidates`;

export interface CandidateInput {
  source?: CandidateSource;
  prescreenedOn?: string;
  outcome?: CandidateOutcome;
  outcomeReason?: string | null;
  identity?: Partial<Identity> | null;
  reason?: string | null;
}

export const createCandidate = (studyId: string, studySiteId: string, input: CandidateInput) =>
  apiRequest<PrescreenCandidate>(candidatesPath(studyId, studySiteId), { method: 'POST', body: input });

export const updateCandidate = (candidate: PrescreenCandidate, input: CandidateInput) =>
  apiRequest<PrescreenCandidate>(`/api/prescreen-candidates/${candidate.id}`, {
    method: 'PATCH',
    body: input,
    ifMatch: `"${candidate.version}"`,
  });

export function usePrescreenSummary(studyId: string, enabled = true) {
  return useQuery({
    queryKey: participantKeys.prescreenSummary(studyId),
    queryFn: ({ signal }) => apiGet<PrescreenSummary>(`/api/studies/${studyId}/prescreening-summary`, signal),
    enabled,
  });
}

// Subject number settings

export interface ParticipantSettings {
  studyId: string;
  subjectNumberFormat: string;
  version: number;
}

export function useParticipantSettings(studyId: string) {
  return useQuery({
    queryKey: participantKeys.settings(studyId),
    queryFn: ({ signal }) => apiGetVersioned<ParticipantSettings>(`/api/studies/${studyId}/participant-settings`, signal),
  });
}

export const updateParticipantSettings = (studyId: string, etag: string, input: { subjectNumberFormat: string; reason?: string | null }) =>
  apiRequest<ParticipantSettings>(`/api/studies/${studyId}/participant-settings`, { method: 'PUT', body: input, ifMatch: etag });

export const participantListPath = (params: Record<string, string | undefined>) => withQuery('/api/participants', params);

/** After any change to a participant: lists, the page, its visits, deviations and its history. */
export function invalidateParticipant(queryClient: QueryClient, participantId?: string) {
  queryClient.invalidateQueries({ queryKey: participantKeys.all });
  queryClient.invalidateQueries({ queryKey: ['visits'] });
  queryClient.invalidateQueries({ queryKey: ['deviations'] });
  queryClient.invalidateQueries({ queryKey: ['calendar'] });
  queryClient.invalidateQueries({ queryKey: ['enrollment'] });
  if (participantId) queryClient.invalidateQueries({ queryKey: historyKey('participant', participantId) });
}
