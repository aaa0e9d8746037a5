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
