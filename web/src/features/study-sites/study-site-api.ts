import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, api, ifMatch } from '../../app/api-client';
import type { RequestBody } from '../../app/api-types';
import { historyKey } from '../audit/audit-api';
import type { StudySite, StudySiteStatus } from './study-site-types';

export const studySiteKeys = {
  all: ['study-sites'] as const,
  ofStudy: (studyId: string) => ['study-sites', 'of-study', studyId] as const,
  ofSite: (siteId: string) => ['study-sites', 'of-site', siteId] as const,
  statusCounts: (studyId: string) => ['study-sites', 'status-counts', studyId] as const,
  detail: (id: string) => ['study-sites', 'detail', id] as const,
};

export function useStudySite(studyId: string, studySiteId: string) {
  return useQuery({
    queryKey: studySiteKeys.detail(studySiteId),
    queryFn: ({ signal }) =>
      answerVersioned(api.GET('/api/studies/{id}/sites/{studySiteId}', { params: { path: { id: studyId, studySiteId } }, signal })),
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
        const page = await answer(
          api.GET('/api/studies/{id}/sites', { params: { path: { id: studyId }, query: { limit: 200, cursor } }, signal }),
        );
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

export type StudySiteInput = RequestBody<'/api/studies/{id}/sites', 'post'>;

export const addSiteToStudy = (studyId: string, input: StudySiteInput) =>
  answer(api.POST('/api/studies/{id}/sites', { params: { path: { id: studyId } }, body: input }));

export const updateStudySite = (
  studyId: string,
  studySiteId: string,
  etag: string,
  input: RequestBody<'/api/studies/{id}/sites/{studySiteId}', 'patch'>,
) =>
  answer(
    api.PATCH('/api/studies/{id}/sites/{studySiteId}', {
      params: { path: { id: studyId, studySiteId } },
      body: input,
      headers: ifMatch(etag),
    }),
  );

/** After any change to a study-site: its lists, counts, the study's site count and both histories. */
export function invalidateStudySite(queryClient: QueryClient, studySite: Pick<StudySite, 'id' | 'studyId'>) {
  queryClient.invalidateQueries({ queryKey: studySiteKeys.all });
  queryClient.invalidateQueries({ queryKey: ['studies'] });
  queryClient.invalidateQueries({ queryKey: historyKey('study_site', studySite.id) });
}
