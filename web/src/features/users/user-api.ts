import { useQuery } from '@tanstack/react-query';
import { apiGet, apiGetVersioned, apiRequest, withQuery } from '../../app/api-client';
import type { Grant } from '../auth/auth-types';
import type { Role, ScopeType, User } from './user-types';

export const userKeys = {
  all: ['users'] as const,
  list: ['users', 'list'] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
  grants: (id: string) => ['users', 'grants', id] as const,
};

export function useUser(id: string) {
  return useQuery({ queryKey: userKeys.detail(id), queryFn: ({ signal }) => apiGetVersioned<User>(`/api/users/${id}`, signal) });
}

export function useGrants(userId: string) {
  return useQuery({
    queryKey: userKeys.grants(userId),
    queryFn: ({ signal }) => apiGet<{ items: Grant[] }>(`/api/users/${userId}/grants`, signal),
  });
}

export interface CreateUserInput {
  email: string;
  fullName: string;
  organizationId: string;
  password: string;
}

export interface UpdateUserInput {
  fullName?: string;
  organizationId?: string;
  isActive?: boolean;
  unlock?: boolean;
  password?: string;
  reason?: string | null;
}

export const createUser = (input: CreateUserInput) => apiRequest<User>('/api/users', { method: 'POST', body: input });

export const updateUser = (id: string, etag: string, input: UpdateUserInput) =>
  apiRequest<User>(`/api/users/${id}`, { method: 'PATCH', body: input, ifMatch: etag });

export interface GrantInput {
  role: Role;
  scopeType: ScopeType;
  scopeId: string | null;
  reason?: string | null;
}

export const grantRole = (userId: string, input: GrantInput) =>
  apiRequest<Grant>(`/api/users/${userId}/grants`, { method: 'POST', body: input });

export const revokeGrant = (userId: string, grantId: string, reason: string) =>
  apiRequest<void>(withQuery(`/api/users/${userId}/grants/${grantId}`, { reason }), { method: 'DELETE' });
