import { stringify } from 'csv-stringify/sync';
import { safeCell } from '../../platform/safe-csv-cell.js';
import type { AuditEvent } from './audit.schemas.js';
import { emptyText } from './describe-change.js';

export { safeCell };

const cellOf = (text: string) => safeCell(text === emptyText ? '' : text);

/**
 * One line per changed field, so a spreadsheet can filter by field; events without fields keep
 * one line. Names, labels and words as the screen shows them (who acted: as recorded, and as
 * named, 'System (demo data)' for the system's own work); the record's id, the request id
 * and the row's hash stay so that each line can be traced to the stored, hash-chained row.
 */
export function historyToCsv(events: readonly AuditEvent[]): string {
  const rows = events.flatMap((event) => {
    const base = [
      event.seq,
      event.occurredAt,
      safeCell(event.actorLabel),
      safeCell(event.actorName),
      event.entityTypeLabel,
      safeCell(event.entityLabel),
      event.actionLabel,
    ];
    const tail = [safeCell(event.reason), event.requestId ?? '', event.entityType, event.entityId, event.hash];
    if (event.readableChanges.length === 0) return [[...base, '', '', '', ...tail]];
    return event.readableChanges.map((change) => [...base, change.label, cellOf(change.oldText), cellOf(change.newText), ...tail]);
  });
  return stringify(rows, {
    header: true,
    columns: [
      'seq',
      'occurred_at_utc',
      'actor',
      'actor_name',
      'record_type',
      'record',
      'action',
      'field',
      'old_value',
      'new_value',
      'reason',
      'request_id',
      'entity_type',
      'entity_id',
      'hash',
    ],
  });
}
