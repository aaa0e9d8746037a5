import type { AuditAction, EntityType, FieldChange } from '../src/platform/audit/audit-events.js';

/**
 * Who did something in the generated history. Records are planned before the people who
 * changed them, so an event first names a role ("a study manager of this sponsor") and the
 * audit planner resolves it to a user once the users exist.
 */
export type HistoryActor = { kind: 'admin' } | { kind: 'managerOf'; organizationId: string } | { kind: 'user'; userId: string };

export const historyActor = {
  admin: { kind: 'admin' } as HistoryActor,
  managerOf: (organizationId: string): HistoryActor => ({ kind: 'managerOf', organizationId }),
  user: (userId: string): HistoryActor => ({ kind: 'user', userId }),
};

/** One thing that happened, before it is given its place (seq) and hash in the audit chain. */
export interface HistoryEvent {
  /** Epoch milliseconds. */
  at: number;
  actor: HistoryActor;
  entityType: EntityType;
  entityId: string;
  action: AuditAction;
  changes: FieldChange[];
  reason?: string;
}
