import { type Insertable, type Kysely, sql } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { keysetPage } from '../../platform/db/keyset-page.js';
import type { DB } from '../../platform/db/schema.js';
import type { ProtocolDeviationRow, ProtocolDeviationsTable } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.js';
import {
  canAtStudySite,
  findStudySiteForParticipants,
  findVisibleParticipant,
  studySiteIdIn,
} from '../participants/participant-access.repo.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';
import type { Deviation, ListDeviationsQuery } from './visit.schemas.js';

export function toDeviation(row: ProtocolDeviationRow, subjectNumber: string | null): Deviation {
  return {
    id: row.id,
    studyId: row.study_id,
    studySiteId: row.study_site_id,
    participantId: row.participant_id,
    subjectNumber,
    visitId: row.visit_id,
    category: row.category as Deviation['category'],
    description: row.description,
    detected: row.detected as Deviation['detected'],
    sourceEntityType: row.source_entity_type,
    sourceEntityId: row.source_entity_id,
    occurredOn: row.occurred_on,
    status: row.status as Deviation['status'],
    importance: row.importance as Deviation['importance'],
    assessment: row.assessment,
    assessedByUserId: row.assessed_by_user_id,
    assessedAt: row.assessed_at ? iso(row.assessed_at) : null,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function selectDeviations(db: Kysely<DB>) {
  return db
    .selectFrom('protocol_deviations')
    .leftJoin('participants', 'participants.id', 'protocol_deviations.participant_id')
    .selectAll('protocol_deviations')
    .select('participants.subject_number');
}

/**
 * The deviation's row, when the caller may read deviations at its study-site (else undefined:
 * 404); the same rule as the list. `lock` holds it for an assessment.
 */
export async function findVisibleDeviationRow(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  options: { lock?: boolean } = {},
): Promise<{ row: ProtocolDeviationRow; studySite: StudySiteJoined } | undefined> {
  let query = db.selectFrom('protocol_deviations').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  const studySite = row && (await findStudySiteForParticipants(db, ctx, row.study_site_id));
  if (!row || !studySite || !canAtStudySite(ctx, 'deviation.read', studySite)) return undefined;
  return { row, studySite };
}

/** One deviation as the caller may see it; 404 outside the study-sites where they read deviations. */
export async function getDeviation(db: Kysely<DB>, ctx: RequestContext, id: string): Promise<Deviation> {
  const found = await findVisibleDeviationRow(db, ctx, id);
  if (!found) throw notFound('deviation');
  return unsafeLoadDeviation(db, found.row.id);
}

/** A deviation read without a context: only for the writer that has just written it, in its own transaction. */
export async function unsafeLoadDeviation(db: Kysely<DB>, id: string): Promise<Deviation> {
  const row = await selectDeviations(db).where('protocol_deviations.id', '=', id).executeTakeFirstOrThrow();
  return toDeviation(row, row.subject_number);
}

/** A participant's deviations, when the caller may read deviations at its study-site (else 404). */
export async function listParticipantDeviations(db: Kysely<DB>, ctx: RequestContext, participantId: string): Promise<Deviation[]> {
  const visible = await findVisibleParticipant(db, ctx, participantId);
  if (!visible || !canAtStudySite(ctx, 'deviation.read', visible.studySite)) throw notFound('participant');
  const rows = await selectDeviations(db)
    .where('protocol_deviations.participant_id', '=', visible.participant.id)
    .orderBy('protocol_deviations.occurred_on')
    .orderBy('protocol_deviations.created_at')
    .execute();
  return rows.map((row) => toDeviation(row, row.subject_number));
}

/** A deviation a person recorded; returns its id. */
export async function insertDeviation(tx: Kysely<DB>, values: Insertable<ProtocolDeviationsTable>): Promise<string> {
  const { id } = await tx.insertInto('protocol_deviations').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Deviations at the study-sites where the caller holds deviation.read, latest first by default. */
export async function listDeviations(db: Kysely<DB>, ctx: RequestContext, query: ListDeviationsQuery): Promise<Page<Deviation>> {
  let q = selectDeviations(db).where(studySiteIdIn(ctx, 'protocol_deviations.study_site_id', 'deviation.read'));
  if (query.studyId) q = q.where('protocol_deviations.study_id', '=', query.studyId);
  if (query.studySiteId) q = q.where('protocol_deviations.study_site_id', '=', query.studySiteId);
  if (query.status) q = q.where('protocol_deviations.status', '=', query.status);
  if (query.category) q = q.where('protocol_deviations.category', '=', query.category);
  const rows = await keysetPage(
    q,
    sql`protocol_deviations.occurred_on`,
    sql`protocol_deviations.id`,
    query.order,
    decodeCursor(query.cursor, 'date'),
    query.limit,
  ).execute();
  return toPage(rows, query.limit, (row) => toDeviation(row, row.subject_number));
}

export interface AutomaticFinding {
  studyId: string;
  studySiteId: string;
  participantId: string;
  visitId: string;
  category: 'visit_out_of_window' | 'missed_visit' | 'superseded_consent';
  description: string;
  occurredOn: string;
}

/**
 * Records a deviation found by the system, sourced from the visit it came from. Detection runs
 * again and again (each completion, each sweep): the unique index on (category, source) makes
 * the second finding a no-op. Returns the new id, or undefined when it was found before.
 */
export async function recordAutomaticDeviation(
  tx: Kysely<DB>,
  ctx: RequestContext,
  finding: AutomaticFinding,
): Promise<string | undefined> {
  const row = await tx
    .insertInto('protocol_deviations')
    .values({
      study_id: finding.studyId,
      study_site_id: finding.studySiteId,
      participant_id: finding.participantId,
      visit_id: finding.visitId,
      category: finding.category,
      description: finding.description,
      detected: 'automatic',
      source_entity_type: 'participant_visit',
      source_entity_id: finding.visitId,
      occurred_on: finding.occurredOn,
    })
    .onConflict((oc) => oc.columns(['category', 'source_entity_id']).where('detected', '=', 'automatic').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return undefined;
  await auditDeviationCreated(tx, ctx, row.id, {
    ...finding,
    detected: 'automatic',
    sourceEntityType: 'participant_visit',
    sourceEntityId: finding.visitId,
  });
  return row.id;
}

export async function auditDeviationCreated(
  tx: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  d: {
    participantId: string | null;
    visitId: string | null;
    category: string;
    description: string;
    occurredOn: string;
    detected: string;
    sourceEntityType: string | null;
    sourceEntityId: string | null;
  },
): Promise<void> {
  await writeAuditEvent(tx, ctx, {
    entityType: 'protocol_deviation',
    entityId: id,
    action: 'create',
    changes: [
      { field: 'participantId', old: null, new: d.participantId },
      { field: 'visitId', old: null, new: d.visitId },
      { field: 'category', old: null, new: d.category },
      { field: 'description', old: null, new: d.description },
      { field: 'occurredOn', old: null, new: d.occurredOn },
      { field: 'detected', old: null, new: d.detected },
      { field: 'sourceEntityType', old: null, new: d.sourceEntityType },
      { field: 'sourceEntityId', old: null, new: d.sourceEntityId },
      { field: 'status', old: null, new: 'open' },
    ],
  });
}
