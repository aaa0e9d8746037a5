import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiGetVersioned, apiRequest, type Page, withQuery } from '../../app/api-client';
import type { RemoteOption } from '../../components/remote-select';
import { historyKey } from '../audit/audit-api';
import type { Person, PersonDetail, Staff, StaffRole } from './person-types';

export const personKeys = {
  all: ['people'] as const,
  staffOfSite: (siteId: string) => ['people', 'staff-of-site', siteId] as const,
  detail: (id: string) => ['people', 'detail', id] as const,
};

export function useSiteStaff(siteId: string | undefined) {
  return useQuery({
    queryKey: personKeys.staffOfSite(siteId ?? ''),
    enabled: Boolean(siteId),
    queryFn: ({ signal }) => apiGet<{ items: Staff[] }>(`/api/sites/${siteId}/staff`, signal),
    select: (data) => data.items,
  });
}

export function usePerson(id: string) {
  return useQuery({ queryKey: personKeys.detail(id), queryFn: ({ signal }) => apiGetVersioned<PersonDetail>(`/api/people/${id}`, signal) });
}

export async function searchPeople(q: string, signal: AbortSignal): Promise<RemoteOption[]> {
  const page = await apiGet<Page<Person>>(withQuery('/api/people', { q, limit: 50 }), signal);
  return page.items.map((person) => ({
    value: person.id,
    label: [person.fullName, person.professionalTitle].filter(Boolean).join(', ') + (person.email ? ` <${person.email}>` : ''),
  }));
}

export interface PersonInput {
  fullName: string;
  email: string | null;
  professionalTitle: string | null;
}

export interface AddStaffInput {
  personId?: string;
  person?: PersonInput;
  role: StaffRole;
  startDate: string;
  endDate?: string | null;
}

export const addStaffMember = (siteId: string, input: AddStaffInput) =>
  apiRequest<Staff>(`/api/sites/${siteId}/staff`, { method: 'POST', body: input });

export const updateStaffMember = (
  siteId: string,
  staffId: string,
  etag: string,
  input: { role?: StaffRole; startDate?: string; endDate?: string | null; reason?: string | null },
) => apiRequest<Staff>(`/api/sites/${siteId}/staff/${staffId}`, { method: 'PATCH', body: input, ifMatch: etag });

export const updatePerson = (id: string, etag: string, input: Partial<PersonInput> & { reason?: string | null }) =>
  apiRequest<Person>(`/api/people/${id}`, { method: 'PATCH', body: input, ifMatch: etag });

export function invalidatePeople(queryClient: QueryClient, ids: { personId?: string; staffId?: string } = {}) {
  queryClient.invalidateQueries({ queryKey: personKeys.all });
  // Completeness depends on who is PI or sub-investigator at a site.
  queryClient.invalidateQueries({ queryKey: ['documents', 'completeness'] });
  if (ids.personId) queryClient.invalidateQueries({ queryKey: historyKey('person', ids.personId) });
  if (ids.staffId) queryClient.invalidateQueries({ queryKey: historyKey('site_staff', ids.staffId) });
}
