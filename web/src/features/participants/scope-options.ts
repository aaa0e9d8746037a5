import { useQuery } from '@tanstack/react-query';
import { apiGet, type Page, withQuery } from '../../app/api-client';
import type { Study } from '../studies/study-types';
import type { StudySite } from '../study-sites/study-site-types';

/** Reads every page of a list: studies and a study's sites number in the hundreds at most. */
async function readAll<T>(path: string, params: Record<string, string>, signal: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await apiGet<Page<T>>(withQuery(path, { ...params, limit: 200, cursor }), signal);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The studies the user may read, for the study pickers of the participant and deviation lists. */
export function useStudyOptions() {
  return useQuery({
    queryKey: ['studies', 'options'],
    queryFn: ({ signal }) => readAll<Study>('/api/studies', { sort: 'shortName' }, signal),
    select: (studies) => studies.map((study) => ({ value: study.id, label: `${study.shortName} (${study.protocolNumber})` })),
    staleTime: 60_000,
  });
}

/** A study's sites the user may read, by site number. */
export function useStudySites(studyId: string | undefined) {
  return useQuery({
    queryKey: ['study-sites', 'options', studyId],
    queryFn: ({ signal }) => readAll<StudySite>(`/api/studies/${studyId}/sites`, { sort: 'siteNumber' }, signal),
    enabled: Boolean(studyId),
    staleTime: 60_000,
  });
}

export const studySiteOption = (studySite: Pick<StudySite, 'id' | 'siteNumber' | 'siteName'>) => ({
  value: studySite.id,
  label: `${studySite.siteNumber} · ${studySite.siteName}`,
});
