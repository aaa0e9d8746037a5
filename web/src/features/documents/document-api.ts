import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiGetVersioned, apiRequest, apiUpload, type Page, withQuery } from '../../app/api-client';
import { historyKey } from '../audit/audit-api';
import type { Completeness, DocumentDetail, DocumentRule, RuleTarget, TmfArtifact, TrialDocument } from './document-types';

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
    queryFn: ({ signal }) => apiGet<{ items: TmfArtifact[] }>('/api/tmf/artifacts', signal),
    staleTime: Number.POSITIVE_INFINITY,
    select: (data) => data.items,
  });
}

export function useCompleteness(studyId: string, options: { siteId?: string; withItems?: boolean } = {}) {
  return useQuery({
    queryKey: [...documentKeys.completeness(studyId, options.siteId), options.withItems ? 'items' : 'counts'],
    queryFn: ({ signal }) =>
      apiGet<Completeness>(
        withQuery(`/api/studies/${studyId}/completeness`, { siteId: options.siteId, withItems: options.withItems ? 'true' : undefined }),
        signal,
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
    queryFn: async ({ signal }) => {
      const items: TrialDocument[] = [];
      let cursor: string | undefined;
      do {
        const page = await apiGet<Page<TrialDocument>>(withQuery('/api/documents', { ...params, limit: 200, cursor }), signal);
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return items;
    },
  });
}

export function useDocument(id: string) {
  return useQuery({
    queryKey: documentKeys.detail(id),
    queryFn: ({ signal }) => apiGetVersioned<DocumentDetail>(`/api/documents/${id}`, signal),
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
  apiUpload<DocumentDetail>('/api/documents', formOf({ ...fields, submit: String(submit) }, file), { onProgress });

export const uploadDocumentVersion = (
  documentId: string,
  etag: string,
  input: { file: File | null; effectiveDate?: string; expiryDate?: string; submit: boolean },
  onProgress?: (fraction: number) => void,
) =>
  apiUpload<DocumentDetail>(
    `/api/documents/${documentId}/versions`,
    formOf({ effectiveDate: input.effectiveDate, expiryDate: input.expiryDate, submit: String(input.submit) }, input.file),
    { ifMatch: etag, onProgress },
  );

const versionPath = (documentId: string, versionId: string) => `/api/documents/${documentId}/versions/${versionId}`;

export const submitVersion = (documentId: string, versionId: string, etag: string) =>
  apiRequest<DocumentDetail>(`${versionPath(documentId, versionId)}/submit`, { method: 'POST', ifMatch: etag });

export const approveVersion = (documentId: string, versionId: string, etag: string, body: { password: string; meaning: string }) =>
  apiRequest<DocumentDetail>(`${versionPath(documentId, versionId)}/approve`, { method: 'POST', ifMatch: etag, body });

export const returnVersion = (documentId: string, versionId: string, etag: string, reason: string) =>
  apiRequest<DocumentDetail>(`${versionPath(documentId, versionId)}/return`, { method: 'POST', ifMatch: etag, body: { reason } });

export const waiveDocument = (
  studyId: string,
  body: { siteId: string; personId?: string | null; artifactNumber: string; reason: string },
) => apiRequest<{ id: string }>(`/api/studies/${studyId}/document-waivers`, { method: 'POST', body });

export function useDocumentRules(studyId: string) {
  return useQuery({
    queryKey: documentKeys.rules(studyId),
    queryFn: ({ signal }) => apiGet<{ items: DocumentRule[] }>(`/api/studies/${studyId}/document-rules`, signal),
  });
}

export const addDocumentRule = (studyId: string, body: { artifactNumber: string; appliesTo: RuleTarget; reason?: string | null }) =>
  apiRequest<DocumentRule>(`/api/studies/${studyId}/document-rules`, { method: 'POST', body });

export const removeDocumentRule = (studyId: string, ruleId: string, reason?: string) =>
  apiRequest<void>(withQuery(`/api/studies/${studyId}/document-rules/${ruleId}`, { reason }), { method: 'DELETE' });

/** After any document change: lists, completeness (and so the bell), the record and its histories. */
export function invalidateDocuments(queryClient: QueryClient, documentId?: string) {
  queryClient.invalidateQueries({ queryKey: documentKeys.all });
  queryClient.invalidateQueries({ queryKey: ['notifications'] });
  if (documentId) queryClient.invalidateQueries({ queryKey: historyKey('document', documentId) });
  queryClient.invalidateQueries({ queryKey: ['audit', 'document_version'] });
}
