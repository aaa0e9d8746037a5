import { useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, api, ifMatch } from '../../app/api-client';
import type { RequestBody } from '../../app/api-types';
import type { RemoteOption } from '../../components/remote-select';
import type { Site } from './site-types';

export const siteKeys = {
  all: ['sites'] as const,
  list: ['sites', 'list'] as const,
  detail: (id: string) => ['sites', 'detail', id] as const,
};

export function useSite(id: string) {
  return useQuery({
    queryKey: siteKeys.detail(id),
    queryFn: ({ signal }) => answerVersioned(api.GET('/api/sites/{id}', { params: { path: { id } }, signal })),
  });
}

export const siteLabel = (site: Pick<Site, 'name' | 'city' | 'country'>) =>
  `${site.name} — ${[site.city, site.country].filter(Boolean).join(', ')}`;

export async function searchSites(q: string, signal: AbortSignal): Promise<RemoteOption[]> {
  const page = await answer(api.GET('/api/sites', { params: { query: { q, limit: 50, sort: 'name' } }, signal }));
  return page.items.map((site) => ({ value: site.id, label: siteLabel(site) }));
}

export type SiteInput = RequestBody<'/api/sites', 'post'>;

export const createSite = (input: SiteInput) => answer(api.POST('/api/sites', { body: input }));

export const updateSite = (id: string, etag: string, input: RequestBody<'/api/sites/{id}', 'patch'>) =>
  answer(api.PATCH('/api/sites/{id}', { params: { path: { id } }, body: input, headers: ifMatch(etag) }));
