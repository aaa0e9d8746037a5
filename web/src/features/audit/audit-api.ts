import { useQuery } from '@tanstack/react-query';
import { apiGet, withQuery } from '../../app/api-client';

export type AuditEntityType =
  | 'organization'
  | 'user'
  | 'grant'
  | 'study'
  | 'site'
  | 'study_site'
  | 'person'
  | 'site_staff'
  | 'document'
  | 'document_version'
  | 'document_rule'
  | 'document_waiver'
  | 'training_record'
  | 'training_requirement'
  | 'delegation_task'
  | 'delegation_entry'
  | 'milestone_template'
  | 'study_site_milestone'
  | 'feasibility_questionnaire'
  | 'feasibility_invitation'
  | 'feasibility_response'
  | 'protocol_version'
  | 'protocol_site_approval'
  | 'icf_version'
  | 'icf_site_approval'
  | 'participant_settings'
  | 'identity'
  | 'prescreen_candidate'
  | 'participant'
  | 'consent'
  | 'reconsent_task'
  | 'randomization_scheme'
  | 'allocation'
  | 'emergency_unblinding'
  | 'participant_visit'
  | 'protocol_deviation'
  | 'calendar_feed'
  | 'user_notification';

export interface AuditChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface AuditEvent {
  seq: string;
  occurredAt: string;
  actorUserId: string | null;
  actorLabel: string;
  entityType: AuditEntityType;
  entityId: string;
  action: string;
  changes: AuditChange[];
  reason: string | null;
  requestId: string | null;
  hash: string;
}

/** Every history query of a record starts with this key, so a change to the record can refresh it. */
export const historyKey = (entityType: AuditEntityType, entityId: string) => ['audit', entityType, entityId] as const;

export function useHistory(entityType: AuditEntityType, entityId: string) {
  return useQuery({
    queryKey: historyKey(entityType, entityId),
    queryFn: ({ signal }) => apiGet<{ items: AuditEvent[] }>(withQuery('/api/audit', { entityType, entityId }), signal),
  });
}

export const historyExportUrl = (entityType: AuditEntityType, entityId: string, format: 'csv' | 'json') =>
  withQuery('/api/audit/export', { entityType, entityId, format });
