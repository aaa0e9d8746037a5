import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, api, ifMatch } from '../../app/api-client';
import type { Answer, ListItem, RequestBody } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type MilestoneStatus = StudySiteMilestone['status'];

export const milestoneStatusOptions: EnumOption<MilestoneStatus>[] = [
  { value: 'done', label: 'Done', color: 'green' },
  { value: 'open', label: 'Open', color: 'blue' },
  { value: 'late', label: 'Late', color: 'red' },
  { value: 'blocked', label: 'Blocked', color: 'gray' },
];

export type MilestoneTemplate = ListItem<'/api/studies/{id}/milestones'>;
export type StudySiteMilestones = Answer<'/api/studies/{id}/sites/{studySiteId}/milestones'>;
export type StudySiteMilestone = StudySiteMilestones['items'][number];
export type StartupBoardData = Answer<'/api/studies/{id}/startup-board'>;
export type BoardCell = StartupBoardData['rows'][number]['cells'][number];
export type CycleTimes = Answer<'/api/studies/{id}/cycle-times'>;

export const milestoneKeys = {
  all: ['milestones'] as const,
  templates: (studyId: string) => ['milestones', 'templates', studyId] as const,
  board: (studyId: string) => ['milestones', 'board', studyId] as const,
  ofStudySite: (studySiteId: string) => ['milestones', 'study-site', studySiteId] as const,
  cycleTimes: (studyId: string, groupBy: string) => ['milestones', 'cycle-times', studyId, groupBy] as const,
};

export function useMilestoneTemplates(studyId: string) {
  return useQuery({
    queryKey: milestoneKeys.templates(studyId),
    queryFn: ({ signal }) => answer(api.GET('/api/studies/{id}/milestones', { params: { path: { id: studyId } }, signal })),
    select: (data) => [...data.items].sort((a, b) => a.sequence - b.sequence),
  });
}

export function useStartupBoard(studyId: string) {
  return useQuery({
    queryKey: milestoneKeys.board(studyId),
    queryFn: ({ signal }) => answer(api.GET('/api/studies/{id}/startup-board', { params: { path: { id: studyId } }, signal })),
  });
}

export function useStudySiteMilestones(studyId: string, studySiteId: string) {
  return useQuery({
    queryKey: milestoneKeys.ofStudySite(studySiteId),
    queryFn: ({ signal }) =>
      answer(api.GET('/api/studies/{id}/sites/{studySiteId}/milestones', { params: { path: { id: studyId, studySiteId } }, signal })),
  });
}

export function useCycleTimes(studyId: string, groupBy: 'site' | 'country' | 'study') {
  return useQuery({
    queryKey: milestoneKeys.cycleTimes(studyId, groupBy),
    queryFn: ({ signal }) =>
      answer(api.GET('/api/studies/{id}/cycle-times', { params: { path: { id: studyId }, query: { groupBy } }, signal })),
  });
}

export const updateStudySiteMilestone = (
  studyId: string,
  item: Pick<StudySiteMilestone, 'studySiteId' | 'milestoneId' | 'version'>,
  body: RequestBody<'/api/studies/{id}/sites/{studySiteId}/milestones/{milestoneId}', 'patch'>,
) =>
  answer(
    api.PATCH('/api/studies/{id}/sites/{studySiteId}/milestones/{milestoneId}', {
      params: { path: { id: studyId, studySiteId: item.studySiteId, milestoneId: item.milestoneId } },
      body,
      // Version 0: no dates written yet; the API expects If-Match "0" for the first write.
      headers: ifMatch(`"${item.version}"`),
    }),
  );

export type TemplateInput = RequestBody<'/api/studies/{id}/milestones', 'post'>;

export const addMilestoneTemplate = (studyId: string, body: TemplateInput) =>
  answer(api.POST('/api/studies/{id}/milestones', { params: { path: { id: studyId } }, body }));

export const addDefaultMilestones = (studyId: string) =>
  answer(api.POST('/api/studies/{id}/milestones/defaults', { params: { path: { id: studyId } }, body: {} }));

export const updateMilestoneTemplate = (
  template: MilestoneTemplate,
  body: RequestBody<'/api/studies/{id}/milestones/{milestoneId}', 'patch'>,
) =>
  answer(
    api.PATCH('/api/studies/{id}/milestones/{milestoneId}', {
      params: { path: { id: template.studyId, milestoneId: template.id } },
      body,
      headers: ifMatch(`"${template.version}"`),
    }),
  );

export const removeMilestoneTemplate = (template: MilestoneTemplate, reason: string) =>
  answer(
    api.DELETE('/api/studies/{id}/milestones/{milestoneId}', {
      params: { path: { id: template.studyId, milestoneId: template.id }, query: { reason } },
      headers: ifMatch(`"${template.version}"`),
    }),
  );

export function invalidateMilestones(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: milestoneKeys.all });
  queryClient.invalidateQueries({ queryKey: ['audit', 'study_site_milestone'] });
  queryClient.invalidateQueries({ queryKey: ['audit', 'milestone_template'] });
}
