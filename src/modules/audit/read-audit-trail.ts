import type { Kysely } from 'kysely';
import type { EntityType } from '../../platform/audit/audit-events.js';
import { scopeIds } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { type Cursor, decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import { canReadHistory, listRecordHistory, listStudyTrail, listWholeTrail, type TrailFilters, type TrailRow } from './audit.repo.js';
import type { AuditEvent, AuditQuery } from './audit.schemas.js';
import {
  actionLabel,
  actorName,
  describeChanges,
  describeEventChanges,
  entityTypeLabel,
  referencedIds,
  type StoredChange,
  scheduledVisitChanges,
  scheduledVisitOf,
  type TrailNames,
} from './describe-change.js';
import { loadTrailNames } from './record-names.repo.js';
import { trailScopeOfStudy } from './trail-scope.js';

export type TrailQuery = Omit<AuditQuery, 'cursor' | 'limit'> & { cursor?: string | undefined; limit: number };

/**
 * One page of the audit trail as the caller may read it (21 CFR 11.10(e), ICH E6(R3)): one
 * record's history (entityType + entityId), a study's whole trail (studyId), or, for the
 * platform admin only, everything. Filtered by who, when, record type and action; named and
 * labelled for a person (describe-change.ts).
 */
export async function readAuditTrail(db: Kysely<DB>, ctx: RequestContext, query: TrailQuery): Promise<Page<AuditEvent>> {
  const page = { order: query.order, cursor: trailCursor(query.cursor), limit: query.limit };
  const filters: TrailFilters = { userId: query.userId, action: query.action, from: query.from, to: query.to };
  if (query.from && query.to && query.from > query.to) throw invalidField('querystring:/to', 'Must be on or after the first day.');
  let rows: ShownRow[];
  const studyIds: string[] = [];
  if (query.entityId) {
    if (!query.entityType) throw invalidField('querystring:/entityType', 'Say which kind of record entityId is.');
    if (!(await canReadHistory(db, ctx, query.entityType, query.entityId))) throw notFound('record');
    rows = await listRecordHistory(db, query.entityType, query.entityId, filters, page);
  } else if (query.studyId) {
    const scope = await trailScopeOfStudy(db, ctx, query.studyId);
    if (!scope) throw notFound('study');
    studyIds.push(query.studyId);
    rows = await listStudyTrail(db, scope, query.entityType, filters, page);
  } else if (scopeIds(ctx.actor, 'audit.read').platform) {
    rows = await listWholeTrail(db, query.entityType, filters, page);
  } else {
    throw invalidField('querystring:/studyId', 'Choose a study: its trail is the one you may read.');
  }
  // A visit's history shows, of its generated schedule's entry (ADR 0016), the part that is its creation.
  if (query.entityType === 'participant_visit' && query.entityId) rows = rows.map((row) => ofOneVisit(row, query.entityId as string));
  const shown = rows.slice(0, page.limit);
  const names = await loadTrailNames(
    db,
    [...new Set(shown.flatMap((row) => [row.entity_id, ...referencedIds(row.changes as StoredChange[])]))],
    studyIds,
  );
  return toPage(rows, page.limit, (row) => toAuditEvent(row, names));
}

/**
 * A generated schedule's entry as one visit's history shows it: the row as stored (its seq,
 * hash, record and actor) with, of its changes, only that visit's, verbatim; read as the
 * visit's creation, with the visit's own reason when it has one.
 */
function ofOneVisit(row: TrailRow, visitId: string): ShownRow {
  if (row.entity_type !== 'participant_visit_schedule') return row;
  const change = ((row.changes ?? []) as StoredChange[]).find((c) => scheduledVisitOf(c)?.id.toLowerCase() === visitId.toLowerCase());
  if (!change) return row;
  const own = (change.new as { reason?: unknown }).reason;
  return { ...row, changes: [change], reason: typeof own === 'string' ? own : row.reason, visitCreation: true };
}

/** A row of the trail as shown: visitCreation marks a schedule entry narrowed to one visit (ofOneVisit). */
type ShownRow = TrailRow & { visitCreation?: boolean };

/** The trail's cursor holds a row number: anything else did not come from this list. */
function trailCursor(text: string | undefined): Cursor | undefined {
  const cursor = decodeCursor(text);
  if (cursor && !(typeof cursor.value === 'string' && /^\d{1,19}$/.test(cursor.value))) {
    throw invalidField('querystring:/cursor', 'Not a cursor from this list; start again without one.');
  }
  return cursor;
}

function toAuditEvent(row: ShownRow, names: TrailNames): AuditEvent {
  const typeLabel = entityTypeLabel(row.entity_type);
  const changes = (row.changes ?? []) as StoredChange[];
  const visit = row.visitCreation ? scheduledVisitOf(changes[0] as StoredChange) : undefined;
  return {
    seq: row.seq,
    occurredAt: iso(row.occurred_at),
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    actorName: actorName(row.actor_label),
    entityType: row.entity_type as EntityType,
    entityTypeLabel: typeLabel,
    entityId: row.entity_id,
    entityLabel: recordLabel(row.entity_type, row.entity_id, typeLabel, names),
    action: row.action,
    actionLabel: actionLabel(row.action),
    changes,
    readableChanges: visit ? describeChanges(scheduledVisitChanges(visit), names) : describeEventChanges(row.entity_type, changes, names),
    reason: row.reason,
    requestId: row.request_id,
    hash: row.hash,
  };
}

/** An identity is never named here; a record that cannot be named (a grant, a login) reads as its kind. */
function recordLabel(entityType: string, entityId: string, typeLabel: string, names: TrailNames): string {
  if (entityType === 'identity') return 'Participant identity';
  const name = names.records.get(entityId);
  if (!name) return typeLabel;
  // Names that already say what they are ('Participant 101-001', 'Protocol version 2.0') stand alone.
  return name.startsWith(typeLabel) ? name : `${typeLabel}: ${name}`;
}
