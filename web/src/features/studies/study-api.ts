import { useQuery } from '@tanstack/react-query';
import { apiGetVersioned, apiRequest } from '../../app/api-client';
import type { Study } from './study-types';

export const studyKeys = {
  all: ['studies'] as const,
  list: ['studies', 'list'] as const,
  detail: (id: string) => ['studies', 'detail', id] as const,
};

export function useStudy(id: string) {
  return useQuery({ queryKey: studyKeys.detail(id), queryFn: ({ signal }) => apiGetVersioned<Study>(`/api/studies/${id}`, signal) });
}

export type StudyInput = Partial<Omit<Study, 'id' | 'sponsorName' | 'croName' | 'siteCount' | 'version' | 'createdAt' | 'updatedAt'>>;

export const createStudy = (input: StudyInput) => apiRequest<Study>('/api/studies', { method: 'POST', body: input });

export const updateStudy = (id: string, etag: string, input: StudyInput) =>
  apiRequest<Study>(`/api/studies/${id}`, { method: 'PATCH', body: input, ifMatch: etag });
