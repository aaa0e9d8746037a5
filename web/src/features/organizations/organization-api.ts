import { useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, api, ifMatch } from '../../app/api-client';
import type { RequestBody } from '../../app/api-types';
import type { RemoteOption } from '../../components/remote-select';
import type { OrganizationKind } from './organization-types';

export const organizationKeys = {
  all: ['organizations'] as const,
  list: ['organizations', 'list'] as const,
  detail: (id: string) => ['organizations', 'detail', id] as const,
};

export function useOrganization(id: string) {
  return useQuery({
    queryKey: organizationKeys.detail(id),
    queryFn: ({ signal }) => answerVersioned(api.GET('/api/organizations/{id}', { params: { path: { id } }, signal })),
  });
}

/** Options for a RemoteSelect of organizations, optionally of one kind (a sponsor, a CRO...). */
export function searchOrganizations(kind?: OrganizationKind) {
  return async (q: string, signal: AbortSignal): Promise<RemoteOption[]> => {
    const page = await answer(api.GET('/api/organizations', { params: { query: { kind, q, limit: 50, sort: 'name' } }, signal }));
    return page.items.map((organization) => ({ value: organization.id, label: organization.name }));
  };
}

export type OrganizationInput = RequestBody<'/api/organizations', 'post'>;

export const createOrganization = (input: OrganizationInput) => answer(api.POST('/api/organizations', { body: input }));

export const updateOrganization = (id: string, etag: string, input: RequestBody<'/api/organizations/{id}', 'patch'>) =>
  answer(api.PATCH('/api/organizations/{id}', { params: { path: { id } }, body: input, headers: ifMatch(etag) }));
