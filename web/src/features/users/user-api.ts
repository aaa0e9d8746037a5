import { useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, api, ifMatch } from '../../app/api-client';
import type { RequestBody } from '../../app/api-types';

export const userKeys = {
  all: ['users'] as const,
  list: ['users', 'list'] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
  grants: (id: string) => ['users', 'grants', id] as const,
};

export function useUser(id: string) {
  return useQuery({
    queryKey: userKeys.detail(id),
    queryFn: ({ signal }) => answerVersioned(api.GET('/api/users/{id}', { params: { path: { id } }, signal })),
  });
}

export function useGrants(userId: string) {
  return useQuery({
    queryKey: userKeys.grants(userId),
    queryFn: ({ signal }) => answer(api.GET('/api/users/{id}/grants', { params: { path: { id: userId } }, signal })),
  });
}

export type CreateUserInput = RequestBody<'/api/users', 'post'>;
export type UpdateUserInput = RequestBody<'/api/users/{id}', 'patch'>;

export const createUser = (input: CreateUserInput) => answer(api.POST('/api/users', { body: input }));

export const updateUser = (id: string, etag: string, input: UpdateUserInput) =>
  answer(api.PATCH('/api/users/{id}', { params: { path: { id } }, body: input, headers: ifMatch(etag) }));

export type GrantInput = RequestBody<'/api/users/{id}/grants', 'post'>;

export const grantRole = (userId: string, input: GrantInput) =>
  answer(api.POST('/api/users/{id}/grants', { params: { path: { id: userId } }, body: input }));

export const revokeGrant = (userId: string, grantId: string, reason: string) =>
  answer(api.DELETE('/api/users/{id}/grants/{grantId}', { params: { path: { id: userId, grantId }, query: { reason } } }));
