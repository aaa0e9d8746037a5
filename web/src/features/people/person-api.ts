import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, api, ifMatch } from '../../app/api-client';
import type { RequestBody } from '../../app/api-types';
import type { RemoteOption } from '../../components/remote-select';
import { historyKey } from '../audit/audit-api';

export const personKeys = {
  all: ['people'] as const,
  staffOfSite: (siteId: string) => ['people', 'staff-of-site', siteId] as const,
  detail: (id: string) => ['people', 'detail', id] as const,
};

export function useSiteStaff(siteId: string | undefined) {
  return useQuery({
    queryKey: personKeys.staffOfSite(siteId ?? ''),
    enabled: Boolean(siteId),
    queryFn: ({ signal }) => answer(api.GET('/api/sites/{id}/staff', { params: { path: { id: siteId ?? '' } }, signal })),
    select: (data) => data.items,
  });
}

export function usePerson(id: string) {
  return useQuery({
    queryKey: personKeys.detail(id),
    queryFn: ({ signal }) => answerVersioned(api.GET('/api/people/{id}', { params: { path: { id } }, signal })),
  });
}

export async function searchPeople(q: string, signal: AbortSignal): Promise<RemoteOption[]> {
  const page = await answer(api.GET('/api/people', { params: { query: { q, limit: 50 } }, signal }));
  return page.items.map((person) => ({
    value: person.id,
    label: [person.fullName, person.professionalTitle].filter(Boolean).join(', ') + (person.email ? ` <${person.email}>` : ''),
  }));
}

export type AddStaffInput = RequestBody<'/api/sites/{id}/staff', 'post'>;

export const addStaffMember = (siteId: string, input: AddStaffInput) =>
  answer(api.POST('/api/sites/{id}/staff', { params: { path: { id: siteId } }, body: input }));

export const updateStaffMember = (
  siteId: string,
  staffId: string,
  etag: string,
  input: RequestBody<'/api/sites/{id}/staff/{staffId}', 'patch'>,
) =>
  answer(api.PATCH('/api/sites/{id}/staff/{staffId}', { params: { path: { id: siteId, staffId } }, body: input, headers: ifMatch(etag) }));

export const updatePerson = (id: string, etag: string, input: RequestBody<'/api/people/{id}', 'patch'>) =>
  answer(api.PATCH('/api/people/{id}', { params: { path: { id } }, body: input, headers: ifMatch(etag) }));

export function invalidatePeople(queryClient: QueryClient, ids: { personId?: string; staffId?: string } = {}) {
  queryClient.invalidateQueries({ queryKey: personKeys.all });
  // Completeness depends on who is PI or sub-investigator at a site.
  queryClient.invalidateQueries({ queryKey: ['documents', 'completeness'] });
  if (ids.personId) queryClient.invalidateQueries({ queryKey: historyKey('person', ids.personId) });
  if (ids.staffId) queryClient.invalidateQueries({ queryKey: historyKey('site_staff', ids.staffId) });
}
