import { useQuery } from '@tanstack/react-query';
import { ApiError, answer, api } from '../../app/api-client';
import { queryClient } from '../../app/query-client';
import type { Permission, Session } from './auth-types';

export const sessionKey = ['session'] as const;

/** The logged-in user, or null when nobody is (401 from /api/me is an answer, not an error). */
async function fetchSession(signal: AbortSignal): Promise<Session | null> {
  try {
    return await answer(api.GET('/api/me', { signal }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: ({ signal }) => fetchSession(signal), staleTime: 60_000 });
}

/** Hides what the user may not do; the server checks every request anyway. */
export function useCan(permission: Permission): boolean {
  const { data } = useSession();
  return data?.permissions.includes(permission) ?? false;
}

export async function logIn(email: string, password: string): Promise<Session> {
  const session = await answer(api.POST('/api/auth/login', { body: { email, password } }));
  // A new user must not see the previous user's cached records.
  queryClient.clear();
  queryClient.setQueryData(sessionKey, session);
  return session;
}

export async function logOut(): Promise<void> {
  try {
    await api.POST('/api/auth/logout');
  } finally {
    queryClient.clear();
    queryClient.setQueryData(sessionKey, null);
  }
}

export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => answer(api.GET('/api/health', { signal })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
