import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiRequest, withQuery } from '../../app/api-client';
import type { EnumOption } from '../../lib/enum-labels';
import type { StudySiteStatus } from '../study-sites/study-site-types';

export type MilestoneStatus = 'done' | 'open' | 'late' | 'blocked';

export const milestoneStatusOptions: EnumOption<MilestoneStatus>[] = [
  { value: 'done', label: 'Done', color: 'green' },
  { value: 'open', label: 'Open', color: 'blue' },
  { value: 'late', label: 'Late', color: 'red' },
  { value: 'blocked', label: 'Blocked', color: 'gray' },
];

export interface MilestoneTemplate {
  id: string;
  studyId: string;
  code: string;
  name: string;
  sequence: number;
  requiredForActivation: boolean;
  typicalDurationDays: number;
  dependsOn: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StudySiteMilestone {
  id: string | null;
  milestoneId: string;
  studySiteId: string;
  code: string;
  name: string;
  sequence: number;
  requiredForActivation: boolean;
  dependsOn: string[];
  plannedDate: string | null;
  actualDate: string | null;
  note: string | null;
  status: MilestoneStatus;
  blockedBy: string[];
  projectedDate: string;
  version: number;
}

export interface StudySiteMilestones {
  studySiteId: string;
  asOf: string;
  projectedActivationDate: string | null;
  openRequiredForActivation: string[];
  items: StudySiteMilestone[];
}

export interface BoardCell {
  milestoneId: string;
  code: string;
  plannedDate: string | null;
  actualDate: string | null;
  status: MilestoneStatus;
  projectedDate: string;
}

export interface StartupBoardData {
  studyId: string;
  asOf: string;
  milestones: { id: string; code: string; name: string; sequence: number; requiredForActivation: boolean; lateCount: number }[];
  rows: {
    studySiteId: string;
    siteId: string;
    siteNumber: string;
    siteName: string;
    country: string;
    status: StudySiteStatus;
    activationDate: string | null;
    projectedActivationDate: string | null;
    lateCount: number;
    openRequiredForActivation: string[];
    cells: BoardCell[];
  }[];
  lateCount: number;
}

export interface CycleTimes {
  groupBy: 'site' | 'country' | 'study';
  description: string;
  groups: { key: string; label: string; count: number; medianDays: number; meanDays: number; minDays: number; maxDays: number }[];
}

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
    queryFn: ({ signal }) => apiGet<{ items: MilestoneTemplate[] }>(`/api/studies/${studyId}/milestones`, signal),
    select: (data) => [...data.items].sort((a, b) => a.sequence - b.sequence),
  });
}

export function useStartupBoard(studyId: string) {
  return useQuery({
    queryKey: milestoneKeys.board(studyId),
    queryFn: ({ signal }) => apiGet<StartupBoardData>(`/api/studies/${studyId}/startup-board`, signal),
  });
}

export function useStudySiteMilestones(studyId: string, studySiteId: string) {
  return useQuery({
    queryKey: milestoneKeys.ofStudySite(studySiteId),
    queryFn: ({ signal }) => apiGet<StudySiteMilestones>(`/api/studies/${studyId}/sites/${studySiteId}/milestones`, signal),
  });
}

export function useCycleTimes(studyId: string, groupBy: 'site' | 'country' | 'study') {
  return useQuery({
    queryKey: milestoneKeys.cycleTimes(studyId, groupBy),
    queryFn: ({ signal }) => apiGet<CycleTimes>(withQuery(`/api/studies/${studyId}/cycle-times`, { groupBy }), signal),
  });
}

export const updateStudySiteMilestone = (
  studyId: string,
  item: Pick<StudySiteMilestone, 'studySiteId' | 'milestoneId' | 'version'>,
  body: { plannedDate?: string | null; actualDate?: string | null; note?: string | null; reason?: string | null },
) =>
  apiRequest<StudySiteMilestone>(`/api/studies/${studyId}/sites/${item.studySiteId}/milestones/${item.milestoneId}`, {
    method: 'PATCH',
    body,
    // Version 0: no dates written yet; the API expects If-Match "0" for the first write.
    ifMatch: `"${item.version}"`,
  });

export interface TemplateInput {
  code?: string;
  name?: string;
  sequence?: number;
  requiredForActivation?: boolean;
  typicalDurationDays?: number;
  dependsOn?: string[];
  reason?: string | null;
}

export const addMilestoneTemplate = (studyId: string, body: TemplateInput) =>
  apiRequest<MilestoneTemplate>(`/api/studies/${studyId}/milestones`, { method: 'POST', body });

export const addDefaultMilestones = (studyId: string) =>
  apiRequest<{ items: MilestoneTemplate[] }>(`/api/studies/${studyId}/milestones/defaults`, { method: 'POST', body: {} });

export const updateMilestoneTemplate = (template: MilestoneTemplate, body: TemplateInput) =>
  apiRequest<MilestoneTemplate>(`/api/studies/${template.studyId}/milestones/${template.id}`, {
    method: 'PATCH',
    body,
    ifMatch: `"${template.version}"`,
  });

export const removeMilestoneTemplate = (template: MilestoneTemplate, reason: string) =>
  apiRequest<void>(withQuery(`/api/studies/${template.studyId}/milestones/${template.id}`, { reason }), {
    method: 'DELETE',
    ifMatch: `"${template.version}"`,
  });

export function invalidateMilestones(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: milestoneKeys.all });
  queryClient.invalidateQueries({ queryKey: ['audit', 'study_site_milestone'] });
  queryClient.invalidateQueries({ queryKey: ['audit', 'milestone_template'] });
}
