import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiRequest, withQuery } from '../../app/api-client';
import { historyKey } from '../audit/audit-api';
import type { SiteTrainingStatus, TrainingKind, TrainingRecord } from './training-types';

export const trainingKeys = {
  all: ['training'] as const,
  ofPerson: (personId: string) => ['training', 'person', personId] as const,
  siteStatus: (studySiteId: string) => ['training', 'site-status', studySiteId] as const,
};

export function useTrainingRecords(personId: string) {
  return useQuery({
    queryKey: trainingKeys.ofPerson(personId),
    queryFn: ({ signal }) => apiGet<{ items: TrainingRecord[] }>(`/api/people/${personId}/training`, signal),
    select: (data) => data.items,
  });
}

export function useSiteTrainingStatus(studyId: string, studySiteId: string) {
  return useQuery({
    queryKey: trainingKeys.siteStatus(studySiteId),
    queryFn: ({ signal }) => apiGet<SiteTrainingStatus>(`/api/studies/${studyId}/sites/${studySiteId}/training-status`, signal),
  });
}

export interface TrainingInput {
  title: string;
  kind: TrainingKind;
  studyId?: string | null;
  protocolVersion?: string | null;
  completedOn: string;
  expiresOn?: string | null;
  reason?: string | null;
}

export const createTrainingRecord = (personId: string, input: TrainingInput) =>
  apiRequest<TrainingRecord>(`/api/people/${personId}/training`, { method: 'POST', body: input });

export const updateTrainingRecord = (record: TrainingRecord, input: Partial<Omit<TrainingInput, 'kind'>>) =>
  apiRequest<TrainingRecord>(`/api/people/${record.personId}/training/${record.id}`, {
    method: 'PATCH',
    body: input,
    ifMatch: `"${record.version}"`,
  });

export const deleteTrainingRecord = (record: TrainingRecord, reason: string) =>
  apiRequest<void>(withQuery(`/api/people/${record.personId}/training/${record.id}`, { reason }), {
    method: 'DELETE',
    ifMatch: `"${record.version}"`,
  });

/** Training decides delegation validity too, so both are read again after a change. */
export function invalidateTraining(queryClient: QueryClient, recordId?: string) {
  queryClient.invalidateQueries({ queryKey: trainingKeys.all });
  queryClient.invalidateQueries({ queryKey: ['delegation'] });
  queryClient.invalidateQueries({ queryKey: ['notifications'] });
  if (recordId) queryClient.invalidateQueries({ queryKey: historyKey('training_record', recordId) });
}
