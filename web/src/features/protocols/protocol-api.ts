import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, api, ifMatch } from '../../app/api-client';
import type { Answer, ListItem, RequestBody } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type ProtocolVersionSummary = ListItem<'/api/studies/{id}/protocols'>;
export type ProtocolVersion = Answer<'/api/protocols/{id}'>;
export type ProtocolArm = ProtocolVersion['arms'][number];
export type ProtocolVisit = ProtocolVersion['visits'][number];
export type ProtocolCriterion = ProtocolVersion['criteria'][number];
export type VisitKind = ProtocolVisit['kind'];
export type VisitAnchor = NonNullable<ProtocolVisit['anchor']>;
export type CriterionKind = ProtocolCriterion['kind'];
export type ProtocolUpdate = RequestBody<'/api/protocols/{id}', 'patch'>;
export type IcfVersion = ListItem<'/api/studies/{id}/icf-versions'>;
export type ProtocolApproval = ListItem<'/api/studies/{id}/sites/{studySiteId}/protocol-approvals'>;
export type IcfApproval = ListItem<'/api/studies/{id}/sites/{studySiteId}/icf-approvals'>;
export type TrainingRequirement = ListItem<'/api/studies/{id}/training-requirements'>;

export const protocolStatusOptions: EnumOption<ProtocolVersion['status']>[] = [
  { value: 'draft', label: 'Draft', color: 'yellow' },
  { value: 'final', label: 'Final', color: 'green' },
];

export const visitKindOptions: EnumOption<VisitKind>[] = [
  { value: 'screening', label: 'Screening', color: 'gray' },
  { value: 'baseline', label: 'Baseline', color: 'blue' },
  { value: 'treatment', label: 'Treatment', color: 'grape' },
  { value: 'follow_up', label: 'Follow-up', color: 'teal' },
  { value: 'end_of_study', label: 'End of study', color: 'dark' },
  { value: 'unscheduled', label: 'Unscheduled', color: 'orange' },
];

export const visitAnchorOptions: EnumOption<VisitAnchor>[] = [
  { value: 'consent', label: 'Consent', color: 'gray' },
  { value: 'randomization', label: 'Randomization', color: 'gray' },
  { value: 'baseline', label: 'Baseline', color: 'gray' },
];

export const criterionKindOptions: EnumOption<CriterionKind>[] = [
  { value: 'inclusion', label: 'Inclusion', color: 'green' },
  { value: 'exclusion', label: 'Exclusion', color: 'red' },
];

export const protocolKeys = {
  all: ['protocols'] as const,
  list: (studyId: string) => ['protocols', 'list', studyId] as const,
  detail: (id: string) => ['protocols', 'detail', id] as const,
  icfVersions: (studyId: string) => ['protocols', 'icf-versions', studyId] as const,
  protocolApprovals: (studySiteId: string) => ['protocols', 'protocol-approvals', studySiteId] as const,
  icfApprovals: (studySiteId: string) => ['protocols', 'icf-approvals', studySiteId] as const,
  trainingRequirements: (studyId: string) => ['protocols', 'training-requirements', studyId] as const,
};

/** After any set-up write: versions, approvals and what depends on them (schedules, consent, history). */
export function invalidateProtocols(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: protocolKeys.all });
  queryClient.invalidateQueries({ queryKey: ['randomization'] });
  queryClient.invalidateQueries({ queryKey: ['training'] });
  queryClient.invalidateQueries({ queryKey: ['audit'] });
}

export function useProtocolVersions(studyId: string) {
  return useQuery({
    queryKey: protocolKeys.list(studyId),
    queryFn: ({ signal }) => answer(api.GET('/api/studies/{id}/protocols', { params: { path: { id: studyId } }, signal })),
    select: (data) => data.items,
  });
}

export function useProtocolVersion(id: string | null) {
  return useQuery({
    queryKey: protocolKeys.detail(id ?? ''),
    queryFn: ({ signal }) => answerVersioned(api.GET('/api/protocols/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: Boolean(id),
  });
}

export const createProtocolVersion = (studyId: string, input: RequestBody<'/api/studies/{id}/protocols', 'post'>) =>
  answer(api.POST('/api/studies/{id}/protocols', { params: { path: { id: studyId } }, body: input }));

export const updateProtocolVersion = (id: string, etag: string, input: ProtocolUpdate) =>
  answer(api.PATCH('/api/protocols/{id}', { params: { path: { id } }, body: input, headers: ifMatch(etag) }));

export const finalizeProtocolVersion = (id: string, etag: string, reason: string | null) =>
  answer(api.POST('/api/protocols/{id}/finalize', { params: { path: { id } }, body: { reason }, headers: ifMatch(etag) }));

export const amendProtocolVersion = (id: string, input: RequestBody<'/api/protocols/{id}/amend', 'post'>) =>
  answer(api.POST('/api/protocols/{id}/amend', { params: { path: { id } }, body: input }));

export function useIcfVersions(studyId: string) {
  return useQuery({
    queryKey: protocolKeys.icfVersions(studyId),
    queryFn: ({ signal }) => answer(api.GET('/api/studies/{id}/icf-versions', { params: { path: { id: studyId } }, signal })),
    select: (data) => data.items,
  });
}

export const createIcfVersion = (studyId: string, input: RequestBody<'/api/studies/{id}/icf-versions', 'post'>) =>
  answer(api.POST('/api/studies/{id}/icf-versions', { params: { path: { id: studyId } }, body: input }));

export function useProtocolApprovals(studyId: string, studySiteId: string) {
  return useQuery({
    queryKey: protocolKeys.protocolApprovals(studySiteId),
    queryFn: ({ signal }) =>
      answer(
        api.GET('/api/studies/{id}/sites/{studySiteId}/protocol-approvals', { params: { path: { id: studyId, studySiteId } }, signal }),
      ),
    select: (data) => data.items,
  });
}

export function useIcfApprovals(studyId: string, studySiteId: string) {
  return useQuery({
    queryKey: protocolKeys.icfApprovals(studySiteId),
    queryFn: ({ signal }) =>
      answer(api.GET('/api/studies/{id}/sites/{studySiteId}/icf-approvals', { params: { path: { id: studyId, studySiteId } }, signal })),
    select: (data) => data.items,
  });
}

export const recordProtocolApproval = (
  studyId: string,
  studySiteId: string,
  input: RequestBody<'/api/studies/{id}/sites/{studySiteId}/protocol-approvals', 'post'>,
) =>
  answer(
    api.POST('/api/studies/{id}/sites/{studySiteId}/protocol-approvals', { params: { path: { id: studyId, studySiteId } }, body: input }),
  );

export const recordIcfApproval = (
  studyId: string,
  studySiteId: string,
  input: RequestBody<'/api/studies/{id}/sites/{studySiteId}/icf-approvals', 'post'>,
) =>
  answer(api.POST('/api/studies/{id}/sites/{studySiteId}/icf-approvals', { params: { path: { id: studyId, studySiteId } }, body: input }));

export function useTrainingRequirements(studyId: string) {
  return useQuery({
    queryKey: protocolKeys.trainingRequirements(studyId),
    queryFn: ({ signal }) => answer(api.GET('/api/studies/{id}/training-requirements', { params: { path: { id: studyId } }, signal })),
    select: (data) => data.items,
  });
}

export const addTrainingRequirement = (studyId: string, input: RequestBody<'/api/studies/{id}/training-requirements', 'post'>) =>
  answer(api.POST('/api/studies/{id}/training-requirements', { params: { path: { id: studyId } }, body: input }));

export const removeTrainingRequirement = (studyId: string, requirementId: string, reason: string | null) =>
  answer(
    api.DELETE('/api/studies/{id}/training-requirements/{requirementId}', {
      params: { path: { id: studyId, requirementId }, query: reason ? { reason } : {} },
    }),
  );
