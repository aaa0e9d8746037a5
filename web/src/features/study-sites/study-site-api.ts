import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiGetVersioned, apiRequest, type Page, withQuery } from '../../app/api-client';
import { historyKey } from '../audit/audit-api';
import type { StudySite, StudySiteStatus } from './study-site-types';

export const studySiteKeys = {
  all: ['study-sites'] as const,
  ofStudy: (studyId: string) => ['study-sites', 'of-study', studyId] as const,
  ofSite: (siteId: string) => ['study-sites', 'of-site', siteId] as const,
  statusCounts: (studyId: string) => ['study-sites', 'status-counts', studyId] as const,
  detail: (id: string) => ['study-sites', 'detail', id] as const,
};

const studySitePath = (studyId: string, studySiteId: string) => `/api/studies/${studyId}/sites/${studySiteId}`;

export function useStudySite(studyId: string, studySiteId: string) {
  return useQuery({
    queryKey: studySiteKeys.detail(studySiteId),
    queryFn: ({ signal }) => apiGetVersioned<StudySite>(studySitePath(studyId, studySiteId), signal),
  });
}

/**
 * Counts a study's sites by status. The API has no aggregate for this yet, so it pages through
 * the whole list (200 at a time); fine for the hundreds of sites a study has.
 */
export function useStudySiteStatusCounts(studyId: string) {
  return useQuery({
    queryKey: studySiteKeys.statusCounts(studyId),
    queryFn: async ({ signal }) => {
      const counts: Partial<Record<StudySiteStatus, number>> = {};
      let targetEnrollment = 0;
      let cursor: string | undefined;
      do {
        const page = await apiGet<Page<StudySite>>(withQuery(`/api/studies/${studyId}/sites`, { limit: 200, cursor }), signal);
        for (const studySite of page.items) {
          counts[studySite.status] = (counts[studySite.status] ?? 0) + 1;
          targetEnrollment += studySite.targetEnrollment ?? 0;
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return { counts, targetEnrollment };
    },
  });
}

export interface StudySiteInput {
  siteId?: string;
  siteNumber?: string;
  status?: StudySiteStatus;
  targetEnrollment?: number | null;
  activationDate?: string | null;
  smoOrgId?: string | null;
  reason?: string | null;
  /** With status 'active': pass over open milestones required for activation (the reason is audited). */
  overrideMilestones?: boolean;
}

export const addSiteToStudy = (studyId: string, input: StudySiteInput) =>
  apiRequest<StudySite>(`/api/studies/${studyId}/sites`, { method: 'POST', body: input });

export const updateStudySite = (studyId: string, studySiteId: string, etag: string, input: StudySiteInput) =>
  apiRequest<StudySite>(studySitePath(studyId, studySiteId), { method: 'PATCH', body: input, ifMatch: etag });

/** After any change to a study-site: its lists, counts, the study's site count and both histories. */
export function invalidateStudySite(queryClient: QueryClient, studySite: Pick<StudySite, 'id' | 'studyId'>) {
  queryClient.invalidateQueries({ queryKey: studySiteKeys.all });
  queryClient.invalidateQueries({ queryKey: ['studies'] });
  queryClient.invalidateQueries({ queryKey: historyKey('study_site', studySite.id) });
}
