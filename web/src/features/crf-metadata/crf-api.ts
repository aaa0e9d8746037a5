import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, answer, api, apiUpload } from '../../app/api-client';
import type { Answer, RequestBody } from '../../app/api-types';

const path = '/api/studies/{id}/protocol-versions/{versionId}/crf-metadata' as const;

export type CrfMetadata = Answer<typeof path>;
export type CrfForm = CrfMetadata['forms'][number];
export type CrfItem = CrfForm['itemGroups'][number]['items'][number];
export type EventMappingUpdate = RequestBody<`${typeof path}/event-mapping`, 'put'>;

export const crfKeys = {
  all: ['crf-metadata'] as const,
  detail: (versionId: string, lang: string | null) => ['crf-metadata', versionId, lang ?? ''] as const,
};

/** The version's CRF metadata, or null while none was imported (the API answers 404). */
export function useCrfMetadata(studyId: string, versionId: string, lang: string | null) {
  return useQuery({
    queryKey: crfKeys.detail(versionId, lang),
    queryFn: async ({ signal }) => {
      try {
        return await answer(api.GET(path, { params: { path: { id: studyId, versionId }, query: lang ? { lang } : {} }, signal }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useInvalidateCrf() {
  const queryClient = useQueryClient();
  return () => {
    queryClient.invalidateQueries({ queryKey: crfKeys.all });
    queryClient.invalidateQueries({ queryKey: ['audit'] });
  };
}

/** Uploads the ODM file as it is on disk; progress is the upload's, the server then checks it whole. */
export function uploadOdm(studyId: string, versionId: string, file: File, onProgress: (fraction: number) => void) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload<CrfMetadata>(`/api/studies/${studyId}/protocol-versions/${versionId}/crf-metadata`, form, { onProgress });
}

/** A REDCap project's files: the data dictionary, and for a longitudinal project its arms, events and instrument designation. */
export interface RedcapFiles {
  dictionary: File;
  arms?: File | undefined;
  events?: File | undefined;
  mappings?: File | undefined;
}

export function uploadRedcap(studyId: string, versionId: string, files: RedcapFiles, onProgress: (fraction: number) => void) {
  const form = new FormData();
  for (const [part, file] of Object.entries(files)) if (file) form.append(part, file, file.name);
  return apiUpload<CrfMetadata>(`/api/studies/${studyId}/protocol-versions/${versionId}/crf-metadata/redcap`, form, { onProgress });
}

export const updateEventMapping = (studyId: string, versionId: string, body: EventMappingUpdate) =>
  answer(api.PUT(`${path}/event-mapping`, { params: { path: { id: studyId, versionId } }, body }));

/** How a range check reads to a person: "< 180 mm Hg (hard)". */
export function describeRangeCheck(check: CrfItem['rangeChecks'][number]): string {
  const symbols: Record<string, string> = { LT: '<', LE: '≤', GT: '>', GE: '≥', EQ: '=', NE: '≠', IN: 'one of', NOTIN: 'not one of' };
  const what = check.comparator
    ? `${symbols[check.comparator]} ${check.checkValues.join(', ')}${check.unit ? ` ${check.unit}` : ''}`
    : `expression (${check.formalExpression?.context ?? 'unknown language'})`;
  return `${what} (${check.softHard === 'Hard' ? 'hard: refused' : 'soft: query'})`;
}
