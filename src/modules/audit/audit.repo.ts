import type { Kysely } from 'kysely';
import type { EntityType } from '../../platform/audit/audit-events.js';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { AuditEventRow, DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { findVisibleOrganization } from '../organizations/organization.repo.js';
import { findVisibleSite } from '../sites/site.repo.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { findVisibleStudySite } from '../study-sites/study-site.repo.js';
import { findVisibleUser } from '../users/user.repo.js';
import type { AuditEvent } from './audit.schemas.js';

/** A record's history is visible to whoever can see the record itself. */
const entityIsVisible: Record<EntityType, (db: Kysely<DB>, ctx: RequestContext, id: string) => Promise<boolean>> = {
  organization: async (db, ctx, id) => Boolean(await findVisibleOrganization(db, ctx, id)),
  study: async (db, ctx, id) => Boolean(await findVisibleStudy(db, ctx, id)),
  site: async (db, ctx, id) => Boolean(await findVisibleSite(db, ctx, id)),
  study_site: async (db, ctx, id) => Boolean(await findVisibleStudySite(db, ctx, id)),
  user: async (db, ctx, id) => Boolean(await findVisibleUser(db, ctx, id)),
  // Grants outlive their deletion in the trail; only those who manage users read their history.
  grant: async (_db, ctx) => can(ctx.actor, 'user.read', { organizationIds: [] }),
};

export async function canReadHistory(db: Kysely<DB>, ctx: RequestContext, entityType: EntityType, entityId: string): Promise<boolean> {
  return entityIsVisible[entityType](db, ctx, entityId);
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
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('seq')
    .execute();
  return rows.map(toAuditEvent);
}
