import { useQuery } from '@tanstack/react-query';
import { apiGet, apiGetVersioned, apiRequest, type Page, withQuery } from '../../app/api-client';
import type { RemoteOption } from '../../components/remote-select';
import type { Site } from './site-types';

export const siteKeys = {
  all: ['sites'] as const,
  list: ['sites', 'list'] as const,
  detail: (id: string) => ['sites', 'detail', id] as const,
};

export function useSite(id: string) {
  return useQuery({ queryKey: siteKeys.detail(id), queryFn: ({ signal }) => apiGetVersioned<Site>(`/api/sites/${id}`, signal) });
}

export const siteLabel = (site: Pick<Site, 'name' | 'city' | 'country'>) =>
  `${site.name} — ${[site.city, site.country].filter(Boolean).join(', ')}`;

export async function searchSites(q: string, signal: AbortSignal): Promise<RemoteOption[]> {
  const page = await apiGet<Page<Site>>(withQuery('/api/sites', { q, limit: 50, sort: 'name' }), signal);
  return page.items.map((site) => ({ value: site.id, label: siteLabel(site) }));
}

export type SiteInput = Partial<
  Pick<Site, 'organizationId' | 'name' | 'addressLine' | 'city' | 'postalCode' | 'country' | 'timeZone' | 'principalInvestigator'>
> & {
  reason?: string | null;
};

export const createSite = (input: SiteInput) => apiRequest<Site>('/api/sites', { method: 'POST', body: input });

export const updateSite = (id: string, etag: string, input: SiteInput) =>
  apiRequest<Site>(`/api/sites/${id}`, { method: 'PATCH', body: input, ifMatch: etag });
