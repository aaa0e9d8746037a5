import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { localDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantVisitRow } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
import { findVisibleParticipant, type VisibleParticipant } from '../participants/participant-access.js';
import type { ParticipantVisit } from './visit.schemas.js';

/** The site's calendar day now: visit dates are judged by it, never by the server's clock. */
export async function studySiteToday(db: Kysely<DB>, studySiteId: string, now: Date): Promise<string> {
  const row = await db
    .selectFrom('study_sites')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .select('sites.time_zone')
    .where('study_sites.id', '=', studySiteId)
    .executeTakeFirstOrThrow();
  return localDate(now, row.time_zone);
}

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
  return rows.map((row) => {
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

/** A participant's visits in schedule order; unscheduled ones by the day they happened. */
export async function listParticipantVisits(db: Kysely<DB>, participantId: string): Promise<ParticipantVisit[]> {
  const rows = await db
    .selectFrom('participant_visits')
    .selectAll()
    .where('participant_id', '=', participantId)
    .orderBy((eb) => eb.fn.coalesce('target_date', 'actual_date'))
    .orderBy('sequence')
    .orderBy('created_at')
    .execute();
  return loadVisits(db, rows);
}

export async function loadVisit(db: Kysely<DB>, visitId: string): Promise<ParticipantVisit> {
  const row = await db.selectFrom('participant_visits').selectAll().where('id', '=', visitId).executeTakeFirstOrThrow();
  const [visit] = await loadVisits(db, [row]);
  if (!visit) throw new Error(`visit ${visitId} vanished`);
  return visit;
}
