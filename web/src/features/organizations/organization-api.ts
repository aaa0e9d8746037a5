import { useQuery } from '@tanstack/react-query';
import { apiGet, apiGetVersioned, apiRequest, type Page, withQuery } from '../../app/api-client';
import type { RemoteOption } from '../../components/remote-select';
import type { Organization, OrganizationKind } from './organization-types';

export const organizationKeys = {
  all: ['organizations'] as const,
  list: ['organizations', 'list'] as const,
  detail: (id: string) => ['organizations', 'detail', id] as const,
};

export function useOrganization(id: string) {
  return useQuery({
    queryKey: organizationKeys.detail(id),
    queryFn: ({ signal }) => apiGetVersioned<Organization>(`/api/organizations/${id}`, signal),
  });
}

/** Options for a RemoteSelect of organizations, optionally of one kind (a sponsor, a CRO...). */
export function searchOrganizations(kind?: OrganizationKind) {
  return async (q: string, signal: AbortSignal): Promise<RemoteOption[]> => {
    const page = await apiGet<Page<Organization>>(withQuery('/api/organizations', { kind, q, limit: 50, sort: 'name' }), signal);
    return page.items.map((organization) => ({ value: organization.id, label: organization.name }));
  };
}

export interface OrganizationInput {
  name?: string;
  kind?: OrganizationKind;
  country?: string | null;
}

export const createOrganization = (input: OrganizationInput) =>
  apiRequest<Organization>('/api/organizations', { method: 'POST', body: input });

export const updateOrganization = (id: string, etag: string, input: OrganizationInput) =>
  apiRequest<Organization>(`/api/organizations/${id}`, { method: 'PATCH', body: input, ifMatch: etag });
