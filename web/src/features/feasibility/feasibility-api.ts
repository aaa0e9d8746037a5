import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiGetVersioned, apiRequest, withQuery } from '../../app/api-client';
import type { StudySite, StudySiteStatus } from '../study-sites/study-site-types';

export type QuestionKind = 'yes_no' | 'number' | 'single_choice' | 'multiple_choice' | 'free_text';

export interface ChoiceOption {
  value: string;
  label: string;
  points: number;
}

export interface QuestionInput {
  kind: QuestionKind;
  text: string;
  required: boolean;
  weight: number;
  expected?: boolean;
  unit?: string | null;
  min?: number | null;
  max?: number | null;
  falloff?: number;
  options?: ChoiceOption[];
}

export type Question = QuestionInput & { id: string };

/** A question as a site sees it: no weights or scoring. */
export interface SiteQuestion {
  id: string;
  kind: QuestionKind;
  text: string;
  required: boolean;
  unit?: string | null;
  options?: { value: string; label: string }[];
}

export interface Questionnaire {
  id: string;
  studyId: string;
  title: string;
  revision: number;
  supersedesId: string | null;
  status: 'draft' | 'sent';
  sentAt: string | null;
  questions: Question[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type Answer = boolean | number | string | string[] | null;

export interface Invitation {
  id: string;
  questionnaireId: string;
  questionnaireTitle: string;
  questionnaireRevision: number;
  studyId: string;
  studyShortName: string;
  studySiteId: string;
  siteId: string;
  siteName: string;
  siteNumber: string;
  studySiteStatus: StudySiteStatus;
  status: 'open' | 'submitted';
  sentAt: string;
  submittedAt: string | null;
  decision: 'select' | 'reject' | null;
  decisionReason: string | null;
  decidedAt: string | null;
  view: 'sponsor' | 'site';
  version: number;
}

export interface InvitationDetail extends Invitation {
  questions: (Question | SiteQuestion)[];
  response: {
    id: string;
    status: 'draft' | 'submitted';
    answers: Record<string, Answer>;
    submittedAt: string | null;
    version: number;
  } | null;
}

export interface ShortlistEntry {
  rank: number;
  invitationId: string;
  studySiteId: string;
  siteId: string;
  siteName: string;
  siteNumber: string;
  studySiteStatus: StudySiteStatus;
  submittedAt: string;
  decision: 'select' | 'reject' | null;
  score: { final: number; answers: number; history: number | null };
  questionPoints: { questionId: string; weight: number; points: number }[];
  history: { name: string; unit: string; value: number | null; points: number | null; available: boolean; basis: string }[];
}

export const feasibilityKeys = {
  all: ['feasibility'] as const,
  questionnaires: (studyId: string) => ['feasibility', 'questionnaires', studyId] as const,
  questionnaire: (id: string) => ['feasibility', 'questionnaire', id] as const,
  invitations: (params: Record<string, string | undefined>) => ['feasibility', 'invitations', params] as const,
  invitation: (id: string) => ['feasibility', 'invitation', id] as const,
  shortlist: (questionnaireId: string) => ['feasibility', 'shortlist', questionnaireId] as const,
};

export function useQuestionnaires(studyId: string) {
  return useQuery({
    queryKey: feasibilityKeys.questionnaires(studyId),
    queryFn: ({ signal }) => apiGet<{ items: Questionnaire[] }>(`/api/studies/${studyId}/feasibility/questionnaires`, signal),
    select: (data) => data.items,
  });
}

export function useQuestionnaire(id: string) {
  return useQuery({
    queryKey: feasibilityKeys.questionnaire(id),
    queryFn: ({ signal }) => apiGetVersioned<Questionnaire>(`/api/feasibility/questionnaires/${id}`, signal),
  });
}

export function useInvitations(params: Record<string, string | undefined>) {
  return useQuery({
    queryKey: feasibilityKeys.invitations(params),
    queryFn: ({ signal }) => apiGet<{ items: Invitation[] }>(withQuery('/api/feasibility/invitations', { ...params, limit: 200 }), signal),
    select: (data) => data.items,
  });
}

export function useInvitation(id: string) {
  return useQuery({
    queryKey: feasibilityKeys.invitation(id),
    queryFn: ({ signal }) => apiGet<InvitationDetail>(`/api/feasibility/invitations/${id}`, signal),
  });
}

export function useShortlist(studyId: string, questionnaireId: string, enabled = true) {
  return useQuery({
    queryKey: feasibilityKeys.shortlist(questionnaireId),
    enabled,
    queryFn: ({ signal }) =>
      apiGet<{ questionnaireId: string; method: string; items: ShortlistEntry[] }>(
        withQuery(`/api/studies/${studyId}/feasibility/shortlist`, { questionnaireId }),
        signal,
      ),
  });
}

export const createQuestionnaire = (studyId: string, body: { title: string; questions: QuestionInput[]; supersedesId?: string | null }) =>
  apiRequest<Questionnaire>(`/api/studies/${studyId}/feasibility/questionnaires`, { method: 'POST', body });

export const updateQuestionnaire = (questionnaire: Questionnaire, body: { title?: string; questions?: QuestionInput[] }) =>
  apiRequest<Questionnaire>(`/api/feasibility/questionnaires/${questionnaire.id}`, {
    method: 'PATCH',
    body,
    ifMatch: `"${questionnaire.version}"`,
  });

export const sendQuestionnaire = (questionnaire: Questionnaire, studySiteIds: string[]) =>
  apiRequest<{ items: Invitation[] }>(`/api/feasibility/questionnaires/${questionnaire.id}/send`, {
    method: 'POST',
    body: { studySiteIds },
    ifMatch: `"${questionnaire.version}"`,
  });

export const saveAnswers = (invitation: InvitationDetail, answers: Record<string, Answer>) =>
  apiRequest<InvitationDetail>(`/api/feasibility/invitations/${invitation.id}/answers`, {
    method: 'PUT',
    body: { answers },
    ifMatch: `"${invitation.response?.version ?? 0}"`,
  });

export const submitAnswers = (invitation: InvitationDetail) =>
  apiRequest<InvitationDetail>(`/api/feasibility/invitations/${invitation.id}/submit`, {
    method: 'POST',
    ifMatch: `"${invitation.response?.version ?? 0}"`,
  });

/** If-Match carries the study-site's version: the decision moves its status. */
export const decideStudySite = (
  studyId: string,
  studySite: Pick<StudySite, 'id' | 'version'>,
  decision: 'select' | 'reject',
  reason: string,
) =>
  apiRequest<{ studySite: StudySite; invitation: Invitation }>(`/api/studies/${studyId}/feasibility/decisions`, {
    method: 'POST',
    body: { studySiteId: studySite.id, decision, reason },
    ifMatch: `"${studySite.version}"`,
  });

export function invalidateFeasibility(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: feasibilityKeys.all });
  queryClient.invalidateQueries({ queryKey: ['study-sites'] });
  queryClient.invalidateQueries({ queryKey: ['audit'] });
}
