/** The kinds of record the audit trail speaks of; each module registers who may read its history. */
export const entityTypes = [
  'organization',
  'user',
  'grant',
  'study',
  'site',
  'study_site',
  'person',
  'site_staff',
  'document',
  'document_version',
  'document_rule',
  'document_waiver',
  'training_record',
  'training_requirement',
  'delegation_task',
  'delegation_entry',
  'milestone_template',
  'study_site_milestone',
  'feasibility_questionnaire',
  'feasibility_invitation',
  'feasibility_response',
  'protocol_version',
  'protocol_site_approval',
  'icf_version',
  'icf_site_approval',
  'participant_settings',
  'identity',
  'prescreen_candidate',
  'participant',
  'consent',
  'reconsent_task',
  'randomization_scheme',
  // Carries the arm: its history is read only by those who may see arms (blinding.ts).
  'allocation',
  'emergency_unblinding',
  'participant_visit',
  'protocol_deviation',
  'calendar_feed',
  'user_notification',
  // A parked background job the platform admin sent back to its queue.
  'background_job',
] as const;
export type EntityType = (typeof entityTypes)[number];

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'status_change'
  | 'login'
  | 'login_failed'
  | 'lockout'
  | 'logout'
  | 'sign'
  | 'signature_failed';

/** One changed field: its value before (null on create) and after (null on delete). */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface AuditEntry {
  entityType: EntityType;
  entityId: string;
  action: AuditAction;
  changes: FieldChange[];
  reason?: string | null;
}
