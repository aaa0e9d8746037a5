import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, answerWithEtag, api, ifMatch, type Versioned } from '../../app/api-client';
import type { RequestBody } from '../../app/api-types';
import { historyKey } from '../audit/audit-api';
import type { Participant, ParticipantPage, PrescreenCandidate } from './participant-types';

export const participantKeys = {
  all: ['participants'] as const,
  list: ['participants', 'list'] as const,
  detail: (id: string) => ['participants', 'detail', id] as const,
  candidates: (studySiteId: string) => ['participants', 'candidates', studySiteId] as const,
  prescreenSummary: (studyId: string) => ['participants', 'prescreen-summary', studyId] as const,
  settings: (studyId: string) => ['participants', 'settings', studyId] as const,
};

/** The page and the ETag of its participant, which every write to it sends back as If-Match. */
export function useParticipant(id: string) {
  return useQuery({
    queryKey: participantKeys.detail(id),
    queryFn: async ({ signal }): Promise<Versioned<ParticipantPage>> => {
      const { record, etag } = await answerWithEtag(api.GET('/api/participants/{id}', { params: { path: { id } }, signal }));
      return { record, etag: etag ?? `"${record.participant.version}"` };
    },
  });
}

export type ScreenInput = RequestBody<'/api/studies/{id}/sites/{studySiteId}/participants', 'post'>;

export const screenParticipant = (studyId: string, studySiteId: string, input: ScreenInput) =>
  answer(api.POST('/api/studies/{id}/sites/{studySiteId}/participants', { params: { path: { id: studyId, studySiteId } }, body: input }));

/** A write answers the participant or the whole page; either way this is the participant. */
export const participantOf = (answer: Participant | ParticipantPage): Participant =>
  'participant' in answer ? answer.participant : answer;

export type ConsentInput = RequestBody<'/api/participants/{id}/consents', 'post'>;

export const recordConsent = (participantId: string, etag: string, input: ConsentInput) =>
  answer(api.POST('/api/participants/{id}/consents', { params: { path: { id: participantId } }, body: input, headers: ifMatch(etag) }));

export const answerEligibility = (
  participantId: string,
  etag: string,
  answers: RequestBody<'/api/participants/{id}/eligibility-answers', 'post'>['answers'],
) =>
  answer(
    api.POST('/api/participants/{id}/eligibility-answers', {
      params: { path: { id: participantId } },
      body: { answers },
      headers: ifMatch(etag),
    }),
  );

export const confirmEligibility = (participantId: string, etag: string, password: string) =>
  answer(
    api.POST('/api/participants/{id}/eligibility-confirmation', {
      params: { path: { id: participantId } },
      body: { password },
      headers: ifMatch(etag),
    }),
  );

export type StatusChange = RequestBody<'/api/participants/{id}/status', 'post'>;

export const changeParticipantStatus = (participantId: string, etag: string, change: StatusChange) =>
  answer(api.POST('/api/participants/{id}/status', { params: { path: { id: participantId } }, body: change, headers: ifMatch(etag) }));

// Pre-screening log

export type CandidateInput = RequestBody<'/api/studies/{id}/sites/{studySiteId}/prescreen-candidates', 'post'>;

export const createCandidate = (studyId: string, studySiteId: string, input: CandidateInput) =>
  answer(
    api.POST('/api/studies/{id}/sites/{studySiteId}/prescreen-candidates', { params: { path: { id: studyId, studySiteId } }, body: input }),
  );

export const updateCandidate = (candidate: PrescreenCandidate, input: RequestBody<'/api/prescreen-candidates/{id}', 'patch'>) =>
  answer(
    api.PATCH('/api/prescreen-candidates/{id}', {
      params: { path: { id: candidate.id } },
      body: input,
      headers: ifMatch(`"${candidate.version}"`),
    }),
  );

export function usePrescreenSummary(studyId: string, enabled = true) {
  return useQuery({
    queryKey: participantKeys.prescreenSummary(studyId),
    queryFn: ({ signal }) => answer(api.GET('/api/studies/{id}/prescreening-summary', { params: { path: { id: studyId } }, signal })),
    enabled,
  });
}

// Subject number settings

export function useParticipantSettings(studyId: string) {
  return useQuery({
    queryKey: participantKeys.settings(studyId),
    queryFn: ({ signal }) =>
      answerVersioned(api.GET('/api/studies/{id}/participant-settings', { params: { path: { id: studyId } }, signal })),
  });
}

export const updateParticipantSettings = (
  studyId: string,
  etag: string,
  input: RequestBody<'/api/studies/{id}/participant-settings', 'put'>,
) => answer(api.PUT('/api/studies/{id}/participant-settings', { params: { path: { id: studyId } }, body: input, headers: ifMatch(etag) }));

/** After any change to a participant: lists, the page, its visits, deviations and its history. */
export function invalidateParticipant(queryClient: QueryClient, participantId?: string) {
  queryClient.invalidateQueries({ queryKey: participantKeys.all });
  queryClient.invalidateQueries({ queryKey: ['visits'] });
  queryClient.invalidateQueries({ queryKey: ['deviations'] });
  queryClient.invalidateQueries({ queryKey: ['calendar'] });
  queryClient.invalidateQueries({ queryKey: ['enrollment'] });
  if (participantId) queryClient.invalidateQueries({ queryKey: historyKey('participant', participantId) });
}
