/**
 * The kinds of record the audit trail speaks of. Each module's manifest adds the types it
 * writes (`declare module … { interface AuditEntityTypes … }`) with the reader that says who
 * may read their history; the platform lists none.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each module's manifest.
export interface AuditEntityTypes {}
export type EntityType = keyof AuditEntityTypes & string;

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
