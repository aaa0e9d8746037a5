import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { EntityType } from '../../platform/audit/audit-events.js';
import type { RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import type { AuditEventRow, DB } from '../../platform/db/schema.js';
import type { Cursor } from '../../platform/http/pagination.js';
import { registeredHistoryReaders } from '../../platform/modules/registry.js';
import { visibleStudyRecords } from './study-trail.repo.js';
import type { TrailScope } from './trail-scope.js';

/**
 * A record's history is visible to whoever can see the record itself: each module's manifest
 * gives the reader for the entity types it writes. A type without a reader shows its history
 * to nobody (deny by default).
 */
export async function canReadHistory(db: Kysely<DB>, ctx: RequestContext, entityType: EntityType, entityId: string): Promise<boolean> {
  const reader = registeredHistoryReaders().get(entityType);
  return reader ? reader(db, ctx, entityId) : false;
}

/** The filters of the trail: who, when (UTC days, both included), what was done. */
export interface TrailFilters {
  userId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface TrailPage {
  order: 'asc' | 'desc';
  cursor: Cursor | undefined;
  limit: number;
}

export type TrailRow = AuditEventRow & { id: string; sort_key: string };

type AuditQuery = SelectQueryBuilder<DB, 'audit_events', object>;

function withFilters<QB extends AuditQuery>(query: QB, filters: TrailFilters): QB {
  let q = query;
  if (filters.userId) q = q.where('audit_events.actor_user_id', '=', filters.userId) as QB;
  if (filters.action) q = q.where('audit_events.action', '=', filters.action) as QB;
  if (filters.from) q = q.where(sql<boolean>`audit_events.occurred_at >= (${filters.from}::date)::timestamp at time zone 'UTC'`) as QB;
  if (filters.to) q = q.where(sql<boolean>`audit_events.occurred_at < (${filters.to}::date + 1)::timestamp at time zone 'UTC'`) as QB;
  return q;
}

/** Rows in the trail's order, paged by seq (unique, so the entity id only completes the shared cursor's shape). */
function paged(query: SelectQueryBuilder<DB, 'audit_events', AuditEventRow>, page: TrailPage) {
  return keysetPage(
    query.select(sql<string>`audit_events.entity_id`.as('id')),
    sql`audit_events.seq`,
    sql`audit_events.entity_id`,
    page.order,
    page.cursor,
    page.limit,
  ).execute() as Promise<TrailRow[]>;
}

/**
 * One record's history. A user's includes the roles granted to and revoked from them (recorded
 * per grant); a participant's includes their consents, re-consents, visits and generated
 * schedules, which are recorded as records of their own; a visit's includes the schedule entry
 * that created it (ADR 0016), which the caller narrows to that visit.
 */
export function listRecordHistory(
  db: Kysely<DB>,
  entityType: EntityType,
  entityId: string,
  filters: TrailFilters,
  page: TrailPage,
): Promise<TrailRow[]> {
  let query = withFilters(db.selectFrom('audit_events').selectAll('audit_events'), filters);
  if (entityType === 'user') {
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
  } else if (entityType === 'participant') {
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('entity_type', 'in', ['participant', 'participant_visit_schedule']), eb('entity_id', '=', entityId)]),
        sql<boolean>`(entity_type, entity_id) in (
          select 'participant_visit', id from participant_visits where participant_id = ${entityId}
          union all select 'consent', id from consents where participant_id = ${entityId}
          union all select 'reconsent_task', id from reconsent_tasks where participant_id = ${entityId})`,
      ]),
    );
  } else if (entityType === 'participant_visit') {
    // Its creation is its part of the participant's generated schedule (ADR 0016), when it was generated.
    const holds = JSON.stringify([{ field: 'visit', new: { id: entityId.toLowerCase() } }]);
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', 'participant_visit'), eb('entity_id', '=', entityId)]),
        sql<boolean>`(entity_type = 'participant_visit_schedule'
          and entity_id = (select participant_id from participant_visits where id = ${entityId})
          and changes @> ${holds}::jsonb)`,
      ]),
    );
  } else {
    query = query.where('entity_type', '=', entityType).where('entity_id', '=', entityId);
  }
  return paged(query, page);
}

/**
 * A study's trail as the caller may read it. Each of the study's records is looked up in the
 * trail's (entity_type, entity_id, seq) index for at most one page of rows past the cursor,
 * and those are merged: the work grows with the study, never with the whole trail.
 */
export function listStudyTrail(
  db: Kysely<DB>,
  scope: TrailScope,
  entityType: string | undefined,
  filters: TrailFilters,
  page: TrailPage,
): Promise<TrailRow[]> {
  const records = visibleStudyRecords(scope, entityType).as('t');
  const after = page.cursor
    ? sql<boolean>`audit_events.seq ${sql.raw(page.order === 'asc' ? '>' : '<')} ${String(page.cursor.value)}::bigint`
    : sql<boolean>`true`;
  const query = db
    .selectFrom(records)
    .innerJoinLateral(
      (eb) =>
        withFilters(eb.selectFrom('audit_events').selectAll('audit_events'), filters)
          .where(sql<boolean>`audit_events.entity_type = t.entity_type and audit_events.entity_id = t.entity_id`)
          .where(after)
          .orderBy('audit_events.seq', page.order)
          .limit(page.limit + 1)
          .as('audit_events'),
      (join) => join.onTrue(),
    )
    .selectAll('audit_events') as unknown as SelectQueryBuilder<DB, 'audit_events', AuditEventRow>;
  return paged(query, page);
}

/** The whole trail, for the platform admin: everything but identities and arms, which are not theirs to see. */
export function listWholeTrail(
  db: Kysely<DB>,
  entityType: string | undefined,
  filters: TrailFilters,
  page: TrailPage,
): Promise<TrailRow[]> {
  let query = withFilters(db.selectFrom('audit_events').selectAll('audit_events'), filters).where('entity_type', 'not in', [
    'identity',
    'allocation',
  ]);
  if (entityType) query = query.where('entity_type', '=', entityType);
  return paged(query, page);
}

/** Who acted in a study's trail as the caller may read it, each with the newest label recorded for them: the explorer's "who" filter. */
export async function listStudyTrailActors(db: Kysely<DB>, scope: TrailScope): Promise<{ userId: string; label: string }[]> {
  const { rows } = await sql<{ user_id: string; label: string }>`
    select distinct on (ae.actor_user_id) ae.actor_user_id as user_id, ae.actor_label as label
    from ${visibleStudyRecords(scope, undefined)} t
    join audit_events ae on ae.entity_type = t.entity_type and ae.entity_id = t.entity_id
    where ae.actor_user_id is not null
    order by ae.actor_user_id, ae.seq desc`.execute(db);
  return rows.map((row) => ({ userId: row.user_id, label: row.label })).sort((a, b) => a.label.localeCompare(b.label));
}
