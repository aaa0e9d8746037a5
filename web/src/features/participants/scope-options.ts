import { useQuery } from '@tanstack/react-query';
import { fetchAllPages } from '../../lib/use-paged-list';
import type { StudySite } from '../study-sites/study-site-types';

/** The studies the user may read, for the study pickers of the participant and deviation lists. */
export function useStudyOptions() {
  return useQuery({
    queryKey: ['studies', 'options'],
    queryFn: ({ signal }) => fetchAllPages('/api/studies', { query: { sort: 'shortName' } }, signal),
    select: (studies) => studies.map((study) => ({ value: study.id, label: `${study.shortName} (${study.protocolNumber})` })),
    staleTime: 60_000,
  });
}

/** A study's sites the user may read, by site number. */
export function useStudySites(studyId: string | undefined) {
  return useQuery({
    queryKey: ['study-sites', 'options', studyId],
    queryFn: ({ signal }) =>
      fetchAllPages('/api/studies/{id}/sites', { path: { id: studyId ?? '' }, query: { sort: 'siteNumber' } }, signal),
    enabled: Boolean(studyId),
    staleTime: 60_000,
  });
}

export const studySiteOption = (studySite: Pick<StudySite, 'id' | 'siteNumber' | 'siteName'>) => ({
  value: studySite.id,
  label: `${studySite.siteNumber} · ${studySite.siteName}`,
});
