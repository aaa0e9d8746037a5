import { useQuery } from '@tanstack/react-query';
import { answer, api, withQuery } from '../../app/api-client';
import type { ListItem } from '../../app/api-types';
import { usePagedList } from '../../lib/use-paged-list';

export type AuditEvent = ListItem<'/api/audit'>;
export type AuditEntityType = AuditEvent['entityType'];
export type ReadableChange = AuditEvent['readableChanges'][number];

/** Every history query of a record starts with this key, so a change to the record can refresh it. */
export const historyKey = (entityType: AuditEntityType, entityId: string) => ['audit', entityType, entityId] as const;

/** One record's history, newest first, page by page. */
export function useHistory(entityType: AuditEntityType, entityId: string) {
  return usePagedList(historyKey(entityType, entityId), '/api/audit', { query: { entityType, entityId, order: 'desc' } });
}

export const historyExportUrl = (entityType: AuditEntityType, entityId: string, format: 'csv' | 'json') =>
  withQuery('/api/audit/export', { entityType, entityId, format });

/** The explorer's filters, as the URL holds them (empty ones are left out). */
export interface TrailFilters {
  studyId: string;
  userId: string;
  entityType: string;
  action: string;
  from: string;
  to: string;
}

/** The API's query for these filters: newest first, as an auditor reads a trail. */
export const trailQuery = (filters: TrailFilters) => ({
  studyId: filters.studyId || undefined,
  userId: filters.userId || undefined,
  entityType: filters.entityType || undefined,
  action: filters.action || undefined,
  from: filters.from || undefined,
  to: filters.to || undefined,
  order: 'desc' as const,
});

/** A study's trail with these filters, page by page. */
export function useTrail(filters: TrailFilters) {
  return usePagedList(['audit', 'trail'], '/api/audit', { query: trailQuery(filters) }, Boolean(filters.studyId));
}

/** The export of exactly what the filters select (the API walks every page). */
export const trailExportUrl = (filters: TrailFilters, format: 'csv' | 'json') =>
  withQuery('/api/audit/export', { ...trailQuery(filters), format });

/** Who acted in the study's trail: the choices of the "User" filter. */
export function useTrailActors(studyId: string) {
  return useQuery({
    queryKey: ['audit', 'actors', studyId],
    queryFn: ({ signal }) => answer(api.GET('/api/audit/actors', { params: { query: { studyId } }, signal })),
    enabled: Boolean(studyId),
    select: (actors) => actors.items.map((actor) => ({ value: actor.userId, label: actor.name })),
  });
}
