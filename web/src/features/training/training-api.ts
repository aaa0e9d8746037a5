import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, api, ifMatch } from '../../app/api-client';
import type { RequestBody } from '../../app/api-types';
import { historyKey } from '../audit/audit-api';
import type { TrainingRecord } from './training-types';

export const trainingKeys = {
  all: ['training'] as const,
  ofPerson: (personId: string) => ['training', 'person', personId] as const,
  siteStatus: (studySiteId: string) => ['training', 'site-status', studySiteId] as const,
};

export function useTrainingRecords(personId: string) {
  return useQuery({
    queryKey: trainingKeys.ofPerson(personId),
    queryFn: ({ signal }) => answer(api.GET('/api/people/{id}/training', { params: { path: { id: personId } }, signal })),
    select: (data) => data.items,
  });
}

export function useSiteTrainingStatus(studyId: string, studySiteId: string) {
  return useQuery({
    queryKey: trainingKeys.siteStatus(studySiteId),
    queryFn: ({ signal }) =>
      answer(api.GET('/api/studies/{id}/sites/{studySiteId}/training-status', { params: { path: { id: studyId, studySiteId } }, signal })),
  });
}

export type TrainingInput = RequestBody<'/api/people/{id}/training', 'post'>;

export const createTrainingRecord = (personId: string, input: TrainingInput) =>
  answer(api.POST('/api/people/{id}/training', { params: { path: { id: personId } }, body: input }));

export const updateTrainingRecord = (record: TrainingRecord, input: RequestBody<'/api/people/{id}/training/{recordId}', 'patch'>) =>
  answer(
    api.PATCH('/api/people/{id}/training/{recordId}', {
      params: { path: { id: record.personId, recordId: record.id } },
      body: input,
      headers: ifMatch(`"${record.version}"`),
    }),
  );

export const deleteTrainingRecord = (record: TrainingRecord, reason: string) =>
  answer(
    api.DELETE('/api/people/{id}/training/{recordId}', {
      params: { path: { id: record.personId, recordId: record.id }, query: { reason } },
      headers: ifMatch(`"${record.version}"`),
    }),
  );

/** Training decides delegation validity too, so both are read again after a change. */
export function invalidateTraining(queryClient: QueryClient, recordId?: string) {
  queryClient.invalidateQueries({ queryKey: trainingKeys.all });
  queryClient.invalidateQueries({ queryKey: ['delegation'] });
  queryClient.invalidateQueries({ queryKey: ['notifications'] });
  if (recordId) queryClient.invalidateQueries({ queryKey: historyKey('training_record', recordId) });
}
