import { stringify } from 'csv-stringify/sync';
import { safeCell } from '../../platform/safe-csv-cell.js';
import type { AuditEvent } from './audit.schemas.js';

export { safeCell };

/** One line per changed field, so a spreadsheet can filter by field; events without fields keep one line. */
export function historyToCsv(events: AuditEvent[]): string {
  const rows = events.flatMap((event) => {
    const base = [event.seq, event.occurredAt, safeCell(event.actorLabel), event.entityType, event.entityId, event.action];
    const tail = [safeCell(event.reason), event.requestId ?? '', event.hash];
    if (event.changes.length === 0) return [[...base, '', '', '', ...tail]];
    return event.changes.map((change) => [...base, change.field, safeCell(change.old), safeCell(change.new), ...tail]);
  });
  return stringify(rows, {
    header: true,
    columns: [
      'seq',
      'occurred_at_utc',
      'actor',
      'entity_type',
      'entity_id',
      'action',
      'field',
      'old_value',
      'new_value',
      'reason',
      'request_id',
      'hash',
    ],
  });
}
