import type { Insertable } from 'kysely';
import { auditRowHash, genesisHash } from '../src/platform/audit/audit-hash.js';
import type { AuditEventsTable } from '../src/platform/db/schema.js';
import type { HistoryActor, HistoryEvent } from './history-event.js';
import type { UserRow } from './people-plan.js';
import type { Random } from './seeded-random.js';

export type AuditRow = Insertable<AuditEventsTable> & { seq: string; hash: string };

/**
 * Puts the history in time order and chains it exactly as writeAuditEvent does (same hash
 * function, same fields), so `trialdesk audit verify` accepts the generated trail and the
 * benchmark's own writes extend it.
 */
export function planAuditTrail(
  rng: Random,
  history: HistoryEvent[],
  users: UserRow[],
  adminUserId: string,
  managerOfSponsor: Map<string, string>,
): AuditRow[] {
  const byId = new Map(users.map((u) => [u.id, u]));
  const resolve = (actor: HistoryActor): UserRow => {
    const id =
      actor.kind === 'admin'
        ? adminUserId
        : actor.kind === 'managerOf'
          ? (managerOfSponsor.get(actor.organizationId) ?? adminUserId)
          : actor.userId;
    const user = byId.get(id);
    if (!user) throw new Error(`history names an unknown user ${id}`);
    return user;
  };
  // A stable sort: events at the same millisecond keep the order they were planned in.
  const ordered = history.map((event, index) => ({ event, index })).sort((a, b) => a.event.at - b.event.at || a.index - b.index);
  let prevHash = genesisHash;
  return ordered.map(({ event }, i) => {
    const user = resolve(event.actor);
    const fields = {
      seq: String(i + 1),
      occurredAt: new Date(event.at).toISOString(),
      actorUserId: user.id,
      actorLabel: `${user.full_name} <${user.email}>`,
      entityType: event.entityType,
      entityId: event.entityId,
      action: event.action,
      changes: event.changes,
      reason: event.reason ?? null,
      requestId: rng.uuid(),
    };
    const hash = auditRowHash(prevHash, fields);
    const row: AuditRow = {
      seq: fields.seq,
      occurred_at: fields.occurredAt,
      actor_user_id: fields.actorUserId,
      actor_label: fields.actorLabel,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      action: fields.action,
      changes: JSON.stringify(fields.changes),
      reason: fields.reason,
      request_id: fields.requestId,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
}
