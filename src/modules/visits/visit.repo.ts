import type { Insertable, Kysely, Updateable } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { insertMany } from '../../platform/db/insert-many.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantVisitRow, ParticipantVisitsTable } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { notFound } from '../../platform/errors.js';
import { findVisibleParticipant, studySiteIdIn, type VisibleParticipant } from '../participants/participant-access.repo.js';
import type { NewVisit } from './add-visits.js';
import { toAppointment, visitPlaces } from './appointment.repo.js';
import type { ParticipantVisit } from './visit.schemas.js';

/** A visit and its participant, when the caller may read the participant (else undefined ⇒ 404). */
export async function findVisibleVisit(
  db: Kysely<DB>,
  ctx: RequestContext,
  visitId: string,
): Promise<{ visit: ParticipantVisitRow; visible: VisibleParticipant } | undefined> {
  const visit = await db.selectFrom('participant_visits').selectAll().where('id', '=', visitId).executeTakeFirst();
  if (!visit) return undefined;
  const visible = await findVisibleParticipant(db, ctx, visit.participant_id);
  return visible ? { visit, visible } : undefined;
}

/** The procedures each visit's definition asks for, by protocol visit id, in protocol order. */
export async function definedProcedures(db: Kysely<DB>, protocolVisitIds: string[]) {
  if (protocolVisitIds.length === 0) return new Map<string, { code: string; name: string; required: boolean }[]>();
  const rows = await db
    .selectFrom('protocol_procedures')
    .select(['visit_id', 'code', 'name', 'required'])
    .where('visit_id', 'in', protocolVisitIds)
    .orderBy('sequence')
    .execute();
  const byVisit = new Map<string, { code: string; name: string; required: boolean }[]>();
  for (const row of rows) byVisit.set(row.visit_id, [...(byVisit.get(row.visit_id) ?? []), row]);
  return byVisit;
}

/** Visits with the procedures of their definition, what was done, and the deviations they raised. */
export async function loadVisits(db: Kysely<DB>, rows: ParticipantVisitRow[]): Promise<ParticipantVisit[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const procedures = await definedProcedures(
    db,
    rows.flatMap((r) => (r.protocol_visit_id ? [r.protocol_visit_id] : [])),
  );
  const results = await db.selectFrom('visit_procedure_results').selectAll().where('visit_id', 'in', ids).execute();
  const deviations = await db
    .selectFrom('protocol_deviations')
    .select(['id', 'visit_id'])
    .where('visit_id', 'in', ids)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const places = await visitPlaces(db, rows);
  return rows.map((row) => {
    const timeZone = places.timeZoneOf.get(row.study_site_id) ?? 'UTC';
    const done = results.filter((r) => r.visit_id === row.id);
    const defined = (row.protocol_visit_id && procedures.get(row.protocol_visit_id)) || [];
    const definedCodes = new Set(defined.map((p) => p.code));
    const answerOf = (code: string) => done.find((r) => r.code === code);
    return {
      id: row.id,
      participantId: row.participant_id,
      studySiteId: row.study_site_id,
      protocolVersionId: row.protocol_version_id,
      protocolVisitId: row.protocol_visit_id,
      code: row.code,
      name: row.name,
      kind: row.kind as ParticipantVisit['kind'],
      sequence: row.sequence,
      targetDate: row.target_date,
      windowStart: row.window_start,
      windowEnd: row.window_end,
      status: row.status as ParticipantVisit['status'],
      actualDate: row.actual_date,
      completedAt: row.completed_at ? iso(row.completed_at) : null,
      completedByUserId: row.completed_by_user_id,
      notes: row.notes,
      siteTimeZone: timeZone,
      appointment: toAppointment(row, timeZone, places.nameOf.get(row.appointment_staff_person_id ?? '')),
      procedures: [
        ...defined.map((p) => ({
          code: p.code,
          name: p.name,
          required: p.required,
          done: answerOf(p.code)?.done ?? null,
          notDoneReason: answerOf(p.code)?.not_done_reason ?? null,
        })),
        ...done
          .filter((r) => !definedCodes.has(r.code))
          .map((r) => ({ code: r.code, name: r.name, required: false, done: r.done, notDoneReason: r.not_done_reason })),
      ],
      deviationIds: deviations.filter((d) => d.visit_id === row.id).map((d) => d.id),
      version: row.version,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    };
  });
}

/** A participant's visits in schedule order, unscheduled ones by the day they happened; 404 outside the caller's study-sites. */
export async function listParticipantVisits(db: Kysely<DB>, ctx: RequestContext, participantId: string): Promise<ParticipantVisit[]> {
  const visible = await findVisibleParticipant(db, ctx, participantId);
  if (!visible) throw notFound('participant');
  const rows = await db
    .selectFrom('participant_visits')
    .selectAll()
    .where('participant_id', '=', visible.participant.id)
    .orderBy((eb) => eb.fn.coalesce('target_date', 'actual_date'))
    .orderBy('sequence')
    .orderBy('created_at')
    .execute();
  return loadVisits(db, rows);
}

/** One visit as the caller may see it; 404 outside their study-sites. */
export async function getVisit(db: Kysely<DB>, ctx: RequestContext, visitId: string): Promise<ParticipantVisit> {
  const found = await findVisibleVisit(db, ctx, visitId);
  if (!found) throw notFound('visit');
  return unsafeLoadVisit(db, found.visit.id);
}

/**
 * A visit with its procedures and deviations, read without a context: only for the writer that
 * has just written it in its own transaction, having reached it through the gateway first.
 */
export async function unsafeLoadVisit(db: Kysely<DB>, visitId: string): Promise<ParticipantVisit> {
  const row = await db.selectFrom('participant_visits').selectAll().where('id', '=', visitId).executeTakeFirstOrThrow();
  const [visit] = await loadVisits(db, [row]);
  if (!visit) throw new Error(`visit ${visitId} vanished`);
  return visit;
}

/**
 * The functions below run inside a write whose caller reached the participant through
 * participant-access.repo.ts (or is the system acting for the operator): they are scoped by the
 * participant, study-site or visit that caller holds. Those that take a bare visit id or row
 * are named unsafe: nothing in their arguments proves the gateway was passed.
 */

/** Unsafe (no context): locks a visit the writer has just reached through findVisibleVisit (complete-visit.ts). */
export function unsafeLockVisit(tx: Kysely<DB>, visitId: string): Promise<ParticipantVisitRow> {
  return tx.selectFrom('participant_visits').selectAll().where('id', '=', visitId).forUpdate().executeTakeFirstOrThrow();
}

/**
 * Unsafe (no context): changes a visit at the version read (If-Match, or the version of the row
 * this transaction locked); its writers reached the visit's participant through the gateway or
 * are the system acting for the operator (missed visits, re-plans).
 */
export async function unsafeUpdateVisit(
  tx: Kysely<DB>,
  visit: Pick<ParticipantVisitRow, 'id' | 'version'>,
  columns: Updateable<ParticipantVisitsTable>,
  now: Date,
): Promise<void> {
  await updateVersioned(tx, 'participant_visits', visit.id, visit.version, columns, now);
}

export function insertVisit(tx: Kysely<DB>, values: Insertable<ParticipantVisitsTable>): Promise<ParticipantVisitRow> {
  return tx.insertInto('participant_visits').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A participant's newly planned visits in one statement (a schedule has tens), in order. */
export async function insertVisits(tx: Kysely<DB>, values: Insertable<ParticipantVisitsTable>[]): Promise<ParticipantVisitRow[]> {
  if (values.length === 0) return [];
  const rows = await tx.insertInto('participant_visits').values(values).returningAll().execute();
  const order = new Map(values.map((v, index) => [`${v.participant_id}/${v.code}`, index]));
  return rows.sort((a, b) => (order.get(`${a.participant_id}/${a.code}`) ?? 0) - (order.get(`${b.participant_id}/${b.code}`) ?? 0));
}

/** A visit of an import, written once in its final state (version and updated_at null: as inserted). */
export interface ImportedVisitValues extends NewVisit {
  id: string;
  status: string;
  actual_date: string | null;
  notes: string | null;
  completed_at: Date | null;
  completed_by_user_id: string | null;
  version: number | null;
  updated_at: Date | null;
}

const importedVisitTypes = {
  id: 'uuid',
  participant_id: 'uuid',
  study_site_id: 'uuid',
  protocol_version_id: 'uuid',
  protocol_visit_id: 'uuid',
  code: 'text',
  name: 'text',
  kind: 'text',
  sequence: 'integer',
  target_date: 'date',
  window_start: 'date',
  window_end: 'date',
  status: 'text',
  actual_date: 'date',
  notes: 'text',
  completed_at: 'timestamptz',
  completed_by_user_id: 'uuid',
  version: 'integer',
  updated_at: 'timestamptz',
};

/** Many visits of an import at once, set-based (participant-import, which reached the study-site through the gateway). */
export function insertImportedVisits(tx: Kysely<DB>, visits: ImportedVisitValues[]): Promise<void> {
  return insertMany(tx, 'participant_visits', importedVisitTypes, visits, { version: 1, updated_at: 'now()' });
}

/** What was done of each procedure at a visit, replacing what was recorded before. */
export async function replaceProcedureResults(
  tx: Kysely<DB>,
  visitId: string,
  results: { code: string; name: string; done: boolean; notDoneReason: string | null }[],
): Promise<void> {
  await tx.deleteFrom('visit_procedure_results').where('visit_id', '=', visitId).execute();
  if (results.length === 0) return;
  await tx
    .insertInto('visit_procedure_results')
    .values(results.map((r) => ({ visit_id: visitId, code: r.code, name: r.name, done: r.done, not_done_reason: r.notDoneReason })))
    .execute();
}

/** The codes of the participant's planned (not unscheduled) visits. */
export async function plannedVisitCodes(tx: Kysely<DB>, participantId: string): Promise<Set<string>> {
  const rows = await tx
    .selectFrom('participant_visits')
    .select('code')
    .where('participant_id', '=', participantId)
    .where('kind', '<>', 'unscheduled')
    .execute();
  return new Set(rows.map((v) => v.code));
}

/** The participant's visits as schedule planning reads them (visit-plan.ts). */
export function planningVisitsOf(tx: Kysely<DB>, participantId: string) {
  return tx
    .selectFrom('participant_visits')
    .select(['code', 'kind', 'status', 'sequence', 'target_date', 'actual_date'])
    .where('participant_id', '=', participantId)
    .execute();
}

/** The participant's planned visit with this code, if planned. */
export function findPlannedVisit(tx: Kysely<DB>, participantId: string, code: string) {
  return tx
    .selectFrom('participant_visits')
    .select(['id', 'status', 'version'])
    .where('participant_id', '=', participantId)
    .where('code', '=', code)
    .where('kind', '<>', 'unscheduled')
    .executeTakeFirst();
}

/** Does the participant have this visit? */
export async function isVisitOf(db: Kysely<DB>, participantId: string, visitId: string): Promise<boolean> {
  const row = await db
    .selectFrom('participant_visits')
    .select('id')
    .where('id', '=', visitId)
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
  return Boolean(row);
}

/** The participant's still-scheduled visits from `from` on (only of `kinds` when given), locked. */
export function lockScheduledVisitsFrom(tx: Kysely<DB>, participantId: string, from: string, kinds?: string[]) {
  let query = tx
    .selectFrom('participant_visits')
    .select(['id', 'status', 'version'])
    .where('participant_id', '=', participantId)
    .where('status', '=', 'scheduled')
    .where('target_date', '>=', from);
  if (kinds) query = query.where('kind', 'in', kinds);
  return query.forUpdate().execute();
}

/** The participant's scheduled visits counted from baseline, with their definitions' windows, locked. */
export function lockScheduledBaselineVisits(tx: Kysely<DB>, participantId: string) {
  return tx
    .selectFrom('participant_visits as v')
    .innerJoin('protocol_visits as d', 'd.id', 'v.protocol_visit_id')
    .selectAll('v')
    .select(['d.id as definition_id', 'd.target_day', 'd.window_before_days', 'd.window_after_days'])
    .where('v.participant_id', '=', participantId)
    .where('v.status', '=', 'scheduled')
    .where('d.anchor', '=', 'baseline')
    .forUpdate()
    .execute();
}

/** The participant's scheduled planned visits from `from` on, in sequence, locked (a re-plan). */
export function lockScheduledVisitsAhead(tx: Kysely<DB>, participantId: string, from: string): Promise<ParticipantVisitRow[]> {
  return tx
    .selectFrom('participant_visits')
    .selectAll()
    .where('participant_id', '=', participantId)
    .where('status', '=', 'scheduled')
    .where('kind', '<>', 'unscheduled')
    .where('target_date', '>=', from)
    .orderBy('sequence')
    .forUpdate()
    .execute();
}

/** The participant's baseline visit (scheduled or done), the first in sequence. */
export function findBaselineVisit(db: Kysely<DB>, participantId: string) {
  return db
    .selectFrom('participant_visits')
    .select(['target_date', 'actual_date'])
    .where('participant_id', '=', participantId)
    .where('kind', '=', 'baseline')
    .where('status', 'in', ['scheduled', 'completed'])
    .orderBy('sequence')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Scheduled visits whose window ended before `before`, with their site's time zone, at the
 * study-sites where the caller may write participant data (the system: all), oldest first.
 */
export function listVisitsPastWindow(db: Kysely<DB>, ctx: RequestContext, before: string, studySiteId?: string) {
  let query = db
    .selectFrom('participant_visits as v')
    .innerJoin('study_sites as ss', 'ss.id', 'v.study_site_id')
    .innerJoin('sites as s', 's.id', 'ss.site_id')
    .select(['v.id', 'v.window_end', 's.time_zone'])
    .where('v.status', '=', 'scheduled')
    .where('v.window_end', '<', before)
    .where(studySiteIdIn(ctx, 'v.study_site_id', 'participant.write'));
  if (studySiteId) query = query.where('v.study_site_id', '=', studySiteId);
  return query.orderBy('v.window_end').orderBy('v.id').execute();
}

/**
 * Unsafe (no context): the visit, locked, if it is still scheduled. Only for the missed-visit
 * check, which found it with listVisitsPastWindow under its own (system) context.
 */
export function unsafeLockScheduledVisit(tx: Kysely<DB>, visitId: string) {
  return tx
    .selectFrom('participant_visits')
    .selectAll()
    .where('id', '=', visitId)
    .where('status', '=', 'scheduled')
    .forUpdate()
    .executeTakeFirst();
}
