import { useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, api, ifMatch } from '../../app/api-client';
import type { RequestBody } from '../../app/api-types';

export const studyKeys = {
  all: ['studies'] as const,
  list: ['studies', 'list'] as const,
  detail: (id: string) => ['studies', 'detail', id] as const,
};

export function useStudy(id: string) {
  return useQuery({
    queryKey: studyKeys.detail(id),
    queryFn: ({ signal }) => answerVersioned(api.GET('/api/studies/{id}', { params: { path: { id } }, signal })),
  });
}

export type StudyInput = RequestBody<'/api/studies', 'post'>;

export const createStudy = (input: StudyInput) => answer(api.POST('/api/studies', { body: input }));

export const updateStudy = (id: string, etag: string, input: RequestBody<'/api/studies/{id}', 'patch'>) =>
  answer(api.PATCH('/api/studies/{id}', { params: { path: { id } }, body: input, headers: ifMatch(etag) }));
