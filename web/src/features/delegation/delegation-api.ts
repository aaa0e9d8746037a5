import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiRequest } from '../../app/api-client';
import type { Signature } from '../documents/document-types';

export interface DelegationTask {
  id: string;
  studyId: string;
  code: string;
  label: string;
  requiresLicence: boolean;
  requiredTraining: ('gcp' | 'protocol')[];
  version: number;
}

export interface DelegationEntry {
  id: string;
  studyId: string;
  studySiteId: string;
  personId: string;
  personName: string;
  tasks: { code: string; label: string }[];
  startDate: string;
  endDate: string | null;
  contentHash: string;
  signatures: Signature[];
  asOf: string;
  valid: boolean;
  reasons: string[];
  taskValidity: { code: string; label: string; valid: boolean; reasons: string[] }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const delegationKeys = {
  all: ['delegation'] as const,
  tasks: (studyId: string) => ['delegation', 'tasks', studyId] as const,
  log: (studySiteId: string) => ['delegation', 'log', studySiteId] as const,
};

const logPath = (studyId: string, studySiteId: string) => `/api/studies/${studyId}/sites/${studySiteId}/delegation`;

export function useDelegationTasks(studyId: string) {
  return useQuery({
    queryKey: delegationKeys.tasks(studyId),
    queryFn: ({ signal }) => apiGet<{ items: DelegationTask[] }>(`/api/studies/${studyId}/delegation-tasks`, signal),
    select: (data) => data.items,
  });
}

export function useDelegationLog(studyId: string, studySiteId: string) {
  return useQuery({
    queryKey: delegationKeys.log(studySiteId),
    queryFn: ({ signal }) => apiGet<{ asOf: string; items: DelegationEntry[] }>(logPath(studyId, studySiteId), signal),
  });
}

export const exportLogUrl = (studyId: string, studySiteId: string) => `${logPath(studyId, studySiteId)}/export.pdf`;

export interface EntryInput {
  personId?: string;
  tasks?: string[];
  startDate?: string;
  endDate?: string | null;
  reason?: string | null;
}

export const createDelegationEntry = (studyId: string, studySiteId: string, body: EntryInput) =>
  apiRequest<DelegationEntry>(logPath(studyId, studySiteId), { method: 'POST', body });

export const updateDelegationEntry = (entry: DelegationEntry, body: EntryInput) =>
  apiRequest<DelegationEntry>(`${logPath(entry.studyId, entry.studySiteId)}/${entry.id}`, {
    method: 'PATCH',
    body,
    ifMatch: `"${entry.version}"`,
  });

export const signDelegationEntry = (entry: DelegationEntry, body: { password: string; meaning: string }) =>
  apiRequest<DelegationEntry>(`${logPath(entry.studyId, entry.studySiteId)}/${entry.id}/sign`, {
    method: 'POST',
    body,
    ifMatch: `"${entry.version}"`,
  });

export function invalidateDelegation(queryClient: QueryClient, entryId?: string) {
  queryClient.invalidateQueries({ queryKey: delegationKeys.all });
  if (entryId) queryClient.invalidateQueries({ queryKey: ['audit', 'delegation_entry', entryId] });
}
