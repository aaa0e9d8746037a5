import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, api, apiUpload, ifMatch } from '../../app/api-client';
import type { Answer, RequestBody } from '../../app/api-types';
import { fetchAllPages } from '../../lib/use-paged-list';
import { historyKey } from '../audit/audit-api';

export const documentKeys = {
  all: ['documents'] as const,
  list: (params: Record<string, string | undefined>) => ['documents', 'list', params] as const,
  detail: (id: string) => ['documents', 'detail', id] as const,
  completeness: (studyId: string, siteId?: string) => ['documents', 'completeness', studyId, siteId ?? 'all'] as const,
  rules: (studyId: string) => ['documents', 'rules', studyId] as const,
  artifacts: ['tmf-artifacts'] as const,
};

/** The TMF Reference Model does not change while the app runs: read it once. */
export function useTmfArtifacts() {
  return useQuery({
    queryKey: documentKeys.artifacts,
    queryFn: ({ signal }) => answer(api.GET('/api/tmf/artifacts', { signal })),
    staleTime: Number.POSITIVE_INFINITY,
    select: (data) => data.items,
  });
}

export function useCompleteness(studyId: string, options: { siteId?: string; withItems?: boolean } = {}) {
  return useQuery({
    queryKey: [...documentKeys.completeness(studyId, options.siteId), options.withItems ? 'items' : 'counts'],
    queryFn: ({ signal }) =>
      answer(
        api.GET('/api/studies/{id}/completeness', {
          params: { path: { id: studyId }, query: { siteId: options.siteId, withItems: options.withItems ? 'true' : undefined } },
          signal,
        }),
      ),
  });
}

/**
 * Every document matching the filter, read page by page: a site binder shows them all at once,
 * grouped by artifact, so paging would hide documents from their sections.
 */
export function useAllDocuments(params: Record<string, string | undefined>, enabled = true) {
  return useQuery({
    queryKey: documentKeys.list(params),
    enabled,
    queryFn: ({ signal }) => fetchAllPages('/api/documents', { query: params }, signal),
  });
}

export function useDocument(id: string) {
  return useQuery({
    queryKey: documentKeys.detail(id),
    queryFn: ({ signal }) => answerVersioned(api.GET('/api/documents/{id}', { params: { path: { id } }, signal })),
  });
}

export const contentUrl = (documentId: string, versionId: string, disposition: 'inline' | 'attachment') =>
  `/api/documents/${documentId}/versions/${versionId}/content?disposition=${disposition}`;

export interface NewDocumentInput {
  file: File | null;
  studyId: string;
  siteId?: string;
  personId?: string;
  artifactNumber: string;
  title: string;
  effectiveDate?: string;
  expiryDate?: string;
  submit: boolean;
}

function formOf(fields: Record<string, string | undefined>, file: File | null): FormData {
  const form = new FormData();
  // Text parts first: the server reads the parts in order.
  for (const [key, value] of Object.entries(fields)) if (value) form.append(key, value);
  if (file) form.append('file', file, file.name);
  return form;
}

export const uploadDocument = ({ file, submit, ...fields }: NewDocumentInput, onProgress?: (fraction: number) => void) =>
  apiUpload<Answer<'/api/documents', 'post'>>('/api/documents', formOf({ ...fields, submit: String(submit) }, file), { onProgress });

export const uploadDocumentVersion = (
  documentId: string,
  etag: string,
  input: { file: File | null; effectiveDate?: string; expiryDate?: string; submit: boolean },
  onProgress?: (fraction: number) => void,
) =>
  apiUpload<Answer<'/api/documents/{id}/versions', 'post'>>(
    `/api/documents/${documentId}/versions`,
    formOf({ effectiveDate: input.effectiveDate, expiryDate: input.expiryDate, submit: String(input.submit) }, input.file),
    { ifMatch: etag, onProgress },
  );

export const submitVersion = (documentId: string, versionId: string, etag: string) =>
  answer(
    api.POST('/api/documents/{id}/versions/{versionId}/submit', {
      params: { path: { id: documentId, versionId } },
      headers: ifMatch(etag),
    }),
  );

export const approveVersion = (
  documentId: string,
  versionId: string,
  etag: string,
  body: RequestBody<'/api/documents/{id}/versions/{versionId}/approve', 'post'>,
) =>
  answer(
    api.POST('/api/documents/{id}/versions/{versionId}/approve', {
      params: { path: { id: documentId, versionId } },
      body,
      headers: ifMatch(etag),
    }),
  );

export const returnVersion = (documentId: string, versionId: string, etag: string, reason: string) =>
  answer(
    api.POST('/api/documents/{id}/versions/{versionId}/return', {
      params: { path: { id: documentId, versionId } },
      body: { reason },
      headers: ifMatch(etag),
    }),
  );

export const waiveDocument = (studyId: string, body: RequestBody<'/api/studies/{id}/document-waivers', 'post'>) =>
  answer(api.POST('/api/studies/{id}/document-waivers', { params: { path: { id: studyId } }, body }));

export function useDocumentRules(studyId: string) {
  return useQuery({
    queryKey: documentKeys.rules(studyId),
    queryFn: ({ signal }) => answer(api.GET('/api/studies/{id}/document-rules', { params: { path: { id: studyId } }, signal })),
  });
}

export const addDocumentRule = (studyId: string, body: RequestBody<'/api/studies/{id}/document-rules', 'post'>) =>
  answer(api.POST('/api/studies/{id}/document-rules', { params: { path: { id: studyId } }, body }));

export const removeDocumentRule = (studyId: string, ruleId: string, reason?: string) =>
  answer(api.DELETE('/api/studies/{id}/document-rules/{ruleId}', { params: { path: { id: studyId, ruleId }, query: { reason } } }));

/** After any document change: lists, completeness (and so the bell), the record and its histories. */
export function invalidateDocuments(queryClient: QueryClient, documentId?: string) {
  queryClient.invalidateQueries({ queryKey: documentKeys.all });
  queryClient.invalidateQueries({ queryKey: ['notifications'] });
  if (documentId) queryClient.invalidateQueries({ queryKey: historyKey('document', documentId) });
  queryClient.invalidateQueries({ queryKey: ['audit', 'document_version'] });
}
