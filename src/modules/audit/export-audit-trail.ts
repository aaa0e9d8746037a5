import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { AuditEvent, AuditExportQuery } from './audit.schemas.js';
import { readAuditTrail } from './read-audit-trail.js';

const exportPageSize = 200;

/**
 * Every event the filters select, in the list's order: the export is exactly what the list
 * pages through, read page by page with the same cursor, so it cannot differ from the screen.
 */
export async function exportAuditTrail(
  db: Kysely<DB>,
  ctx: RequestContext,
  query: Omit<AuditExportQuery, 'format'>,
): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await readAuditTrail(db, ctx, { ...query, cursor, limit: exportPageSize });
    events.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return events;
}
