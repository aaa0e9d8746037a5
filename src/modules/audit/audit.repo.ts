import { type Kysely, sql } from 'kysely';
import type { EntityType } from '../../platform/audit/audit-events.js';
import type { RequestContext } from '../../platform/context.js';
import type { AuditEventRow, DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { registeredHistoryReaders } from '../../platform/modules/registry.js';
import type { AuditEvent } from './audit.schemas.js';

/**
 * A record's history is visible to whoever can see the record itself: each module's manifest
 * gives the reader for the entity types it writes. A type without a reader shows its history
 * to nobody (deny by default).
 */
export async function canReadHistory(db: Kysely<DB>, ctx: RequestContext, entityType: EntityType, entityId: string): Promise<boolean> {
  const reader = registeredHistoryReaders().get(entityType);
  return reader ? reader(db, ctx, entityId) : false;
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    seq: row.seq,
    occurredAt: iso(row.occurred_at),
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    entityType: row.entity_type as AuditEvent['entityType'],
    entityId: row.entity_id,
    action: row.action,
    changes: row.changes as AuditEvent['changes'],
    reason: row.reason,
    requestId: row.request_id,
    hash: row.hash,
  };
}

export async function listHistory(db: Kysely<DB>, entityType: EntityType, entityId: string): Promise<AuditEvent[]> {
  let query = db.selectFrom('audit_events').selectAll();
  if (entityType === 'user') {
    // A user's history includes the roles granted to and revoked from them, recorded per grant.
    const granted = JSON.stringify([{ field: 'userId', new: entityId }]);
    const revoked = JSON.stringify([{ field: 'userId', old: entityId }]);
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', 'user'), eb('entity_id', '=', entityId)]),
        eb.and([
          eb('entity_type', '=', 'grant'),
          eb.or([sql<boolean>`changes @> ${granted}::jsonb`, sql<boolean>`changes @> ${revoked}::jsonb`]),
        ]),
      ]),
    );
  } else {
    query = query.where('entity_type', '=', entityType).where('entity_id', '=', entityId);
  }
  return (await query.orderBy('seq').execute()).map(toAuditEvent);
}
