import { useQuery } from '@tanstack/react-query';
import { answer, api, withQuery } from '../../app/api-client';
import type { ListItem } from '../../app/api-types';

export type AuditEvent = ListItem<'/api/audit'>;
export type AuditEntityType = AuditEvent['entityType'];
export type AuditChange = AuditEvent['changes'][number];

/** Every history query of a record starts with this key, so a change to the record can refresh it. */
export const historyKey = (entityType: AuditEntityType, entityId: string) => ['audit', entityType, entityId] as const;

export function useHistory(entityType: AuditEntityType, entityId: string) {
  return useQuery({
    queryKey: historyKey(entityType, entityId),
    queryFn: ({ signal }) => answer(api.GET('/api/audit', { params: { query: { entityType, entityId } }, signal })),
  });
}

export const historyExportUrl = (entityType: AuditEntityType, entityId: string, format: 'csv' | 'json') =>
  withQuery('/api/audit/export', { entityType, entityId, format });
