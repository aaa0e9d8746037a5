import type { Kysely } from 'kysely';
import type { AuditEntry, FieldChange } from '../../platform/audit/audit-events.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantVisitRow } from '../../platform/db/schema-participants.js';

type CreatedVisit = Pick<
  ParticipantVisitRow,
  'id' | 'participant_id' | 'code' | 'name' | 'kind' | 'protocol_version_id' | 'target_date' | 'window_start' | 'window_end' | 'status'
> & { actual_date?: string | null };

/** What a visit's creation records: pseudonymous (participant id, never a name), never an arm. */
export async function auditVisitCreated(
  tx: Kysely<DB>,
  ctx: RequestContext,
  visit: CreatedVisit,
  reason?: string,
  extra: FieldChange[] = [],
) {
  await writeAuditEvent(tx, ctx, visitCreatedEntry(visit, reason, extra));
}

export function visitCreatedEntry(visit: CreatedVisit, reason?: string, extra: FieldChange[] = []): AuditEntry {
  return {
    entityType: 'participant_visit',
    entityId: visit.id,
    action: 'create',
    changes: [
      { field: 'participantId', old: null, new: visit.participant_id },
      { field: 'code', old: null, new: visit.code },
      { field: 'name', old: null, new: visit.name },
      { field: 'kind', old: null, new: visit.kind },
      { field: 'protocolVersionId', old: null, new: visit.protocol_version_id },
      { field: 'targetDate', old: null, new: visit.target_date },
      { field: 'windowStart', old: null, new: visit.window_start },
      { field: 'windowEnd', old: null, new: visit.window_end },
      { field: 'status', old: null, new: visit.status },
      ...(visit.actual_date ? [{ field: 'actualDate', old: null, new: visit.actual_date }] : []),
      ...extra,
    ],
    reason,
  };
}

/** A visit as a generated schedule's audit entry records it: its id and every value written. */
export type ScheduledVisitValues = CreatedVisit & {
  notes?: string | null;
  completed_at?: Date | null;
  completed_by_user_id?: string | null;
};

/**
 * ADR 0016: the visits the system plans for a participant as one act (screening, randomization,
 * re-planning, an import) are audited as one entry, not one per visit. Entity type
 * `participant_visit_schedule`, entity id the participant's; one change per visit (field
 * `visit`) whose new value is the visit's id and every value written, with its own reason when
 * it has one other than the entry's. Later changes to a visit keep their own rows.
 */
export function scheduleCreatedEntry(
  participantId: string,
  visits: readonly ScheduledVisitValues[],
  reason?: string,
  reasonOf?: (visit: ScheduledVisitValues) => string | undefined,
): AuditEntry {
  return {
    entityType: 'participant_visit_schedule',
    entityId: participantId,
    action: 'create',
    changes: visits.map((visit) => {
      const own = reasonOf?.(visit);
      const value: Record<string, string | null> = {
        id: visit.id,
        code: visit.code,
        name: visit.name,
        kind: visit.kind,
        protocolVersionId: visit.protocol_version_id,
        targetDate: visit.target_date,
        windowStart: visit.window_start,
        windowEnd: visit.window_end,
        status: visit.status,
      };
      if (visit.actual_date) value.actualDate = visit.actual_date;
      if (visit.notes) value.notes = visit.notes;
      if (visit.completed_at) value.completedAt = visit.completed_at.toISOString();
      if (visit.completed_by_user_id) value.completedByUserId = visit.completed_by_user_id;
      if (own && own !== reason) value.reason = own;
      return { field: 'visit', old: null, new: value };
    }),
    reason,
  };
}

/** Writes a generated schedule's one audit entry (nothing when no visit was planned). */
export async function auditScheduleCreated(
  tx: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  visits: readonly ScheduledVisitValues[],
  reason?: string,
): Promise<void> {
  if (visits.length === 0) return;
  await writeAuditEvent(tx, ctx, scheduleCreatedEntry(participantId, visits, reason));
}

export async function auditVisitStatus(
  tx: Kysely<DB>,
  ctx: RequestContext,
  visit: Pick<ParticipantVisitRow, 'id' | 'status'>,
  status: string,
  reason?: string,
) {
  await writeAuditEvent(tx, ctx, visitStatusEntry(visit, status, reason));
}

export function visitStatusEntry(visit: Pick<ParticipantVisitRow, 'id' | 'status'>, status: string, reason?: string): AuditEntry {
  return {
    entityType: 'participant_visit',
    entityId: visit.id,
    action: 'status_change',
    changes: [{ field: 'status', old: visit.status, new: status }],
    reason,
  };
}
