import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, api, ifMatch } from '../../app/api-client';
import type { Answer, ListItem, RequestBody } from '../../app/api-types';
import { fetchPage } from '../../lib/use-paged-list';
import type { StudySite } from '../study-sites/study-site-types';

export type Questionnaire = Answer<'/api/feasibility/questionnaires/{id}'>;
export type Question = Questionnaire['questions'][number];
export type QuestionKind = Question['kind'];
export type QuestionInput = RequestBody<'/api/studies/{id}/feasibility/questionnaires', 'post'>['questions'][number];
export type InvitationDetail = Answer<'/api/feasibility/invitations/{id}'>;
/** A question as a site sees it: no weights or scoring. */
export type SiteQuestion = InvitationDetail['questions'][number];
export type Invitation = ListItem<'/api/feasibility/invitations'>;
/** One answer to one question. */
export type FeasibilityAnswer = RequestBody<'/api/feasibility/invitations/{id}/answers', 'put'>['answers'][string];
export type ShortlistEntry = ListItem<'/api/studies/{id}/feasibility/shortlist'>;

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
    queryFn: ({ signal }) => answer(api.GET('/api/studies/{id}/feasibility/questionnaires', { params: { path: { id: studyId } }, signal })),
    select: (data) => data.items,
  });
}

export function useQuestionnaire(id: string) {
  return useQuery({
    queryKey: feasibilityKeys.questionnaire(id),
    queryFn: ({ signal }) => answerVersioned(api.GET('/api/feasibility/questionnaires/{id}', { params: { path: { id } }, signal })),
  });
}

export function useInvitations(params: Record<string, string | undefined>) {
  return useQuery({
    queryKey: feasibilityKeys.invitations(params),
    queryFn: ({ signal }) => fetchPage('/api/feasibility/invitations', { query: params }, undefined, signal, 200),
    select: (data) => data.items,
  });
}

export function useInvitation(id: string) {
  return useQuery({
    queryKey: feasibilityKeys.invitation(id),
    queryFn: ({ signal }) => answer(api.GET('/api/feasibility/invitations/{id}', { params: { path: { id } }, signal })),
  });
}

export function useShortlist(studyId: string, questionnaireId: string, enabled = true) {
  return useQuery({
    queryKey: feasibilityKeys.shortlist(questionnaireId),
    enabled,
    queryFn: ({ signal }) =>
      answer(api.GET('/api/studies/{id}/feasibility/shortlist', { params: { path: { id: studyId }, query: { questionnaireId } }, signal })),
  });
}

export const createQuestionnaire = (studyId: string, body: RequestBody<'/api/studies/{id}/feasibility/questionnaires', 'post'>) =>
  answer(api.POST('/api/studies/{id}/feasibility/questionnaires', { params: { path: { id: studyId } }, body }));

export const updateQuestionnaire = (questionnaire: Questionnaire, body: RequestBody<'/api/feasibility/questionnaires/{id}', 'patch'>) =>
  answer(
    api.PATCH('/api/feasibility/questionnaires/{id}', {
      params: { path: { id: questionnaire.id } },
      body,
      headers: ifMatch(`"${questionnaire.version}"`),
    }),
  );

export const sendQuestionnaire = (questionnaire: Questionnaire, studySiteIds: string[]) =>
  answer(
    api.POST('/api/feasibility/questionnaires/{id}/send', {
      params: { path: { id: questionnaire.id } },
      body: { studySiteIds },
      headers: ifMatch(`"${questionnaire.version}"`),
    }),
  );

export const saveAnswers = (invitation: InvitationDetail, answers: Record<string, FeasibilityAnswer>) =>
  answer(
    api.PUT('/api/feasibility/invitations/{id}/answers', {
      params: { path: { id: invitation.id } },
      body: { answers },
      headers: ifMatch(`"${invitation.response?.version ?? 0}"`),
    }),
  );

export const submitAnswers = (invitation: InvitationDetail) =>
  answer(
    api.POST('/api/feasibility/invitations/{id}/submit', {
      params: { path: { id: invitation.id } },
      headers: ifMatch(`"${invitation.response?.version ?? 0}"`),
    }),
  );

/** If-Match carries the study-site's version: the decision moves its status. */
export const decideStudySite = (
  studyId: string,
  studySite: Pick<StudySite, 'id' | 'version'>,
  decision: 'select' | 'reject',
  reason: string,
) =>
  answer(
    api.POST('/api/studies/{id}/feasibility/decisions', {
      params: { path: { id: studyId } },
      body: { studySiteId: studySite.id, decision, reason },
      headers: ifMatch(`"${studySite.version}"`),
    }),
  );

export function invalidateFeasibility(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: feasibilityKeys.all });
  queryClient.invalidateQueries({ queryKey: ['study-sites'] });
  queryClient.invalidateQueries({ queryKey: ['audit'] });
}
