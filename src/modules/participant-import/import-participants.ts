import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import { localDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { canAtStudySite, canIdentify, findStudySiteForParticipants } from '../participants/participant-access.js';
import { cancelScheduledVisits, generateSchedule } from '../visits/schedule.js';
import { auditVisitStatus } from '../visits/visit-audit.js';
import { checkImportReferences, type ResolvedReferences } from './check-import-references.js';
import type { ImportRequest, ImportResult } from './import.schemas.js';
import { cellError, importRefused, type ParticipantImportRow, readImportCsv, type VisitImportRow } from './read-import-csv.js';

type Row<T> = T & { row: number };
const identityColumns = ['full_name', 'date_of_birth', 'phone', 'email'] as const;
const importReason = 'Imported from CSV';

/** Thrown inside the transaction of a dry run, so everything it wrote is rolled back. */
class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

/**
 * Imports participants and their visits into one study-site, all or nothing: every row is
 * checked first and every problem is reported by row and column; only a clean file is written,
 * in one transaction, through the same schedule planning as screening and randomization. A dry
 * run does the whole import and rolls it back, so its counts are exactly what would be written.
 */
export async function importParticipants(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteId: string,
  request: ImportRequest,
  studyId?: string,
): Promise<ImportResult> {
  const studySite = await findStudySiteForParticipants(db, ctx, studySiteId, studyId);
  if (!studySite) throw notFound('study-site');
  if (!canAtStudySite(ctx, 'participant.write', studySite)) throw forbidden();

  const { participants, visits, errors } = readImportCsv(request.participantsCsv, request.visitsCsv);
  if (!canIdentify(ctx, studySite)) {
    for (const p of participants)
      for (const column of identityColumns)
        if (p[column])
          errors.push(
            cellError('participantsCsv', p.row, column, 'Only site staff may import identifying details; leave this column empty.'),
          );
  }
  const site = await db.selectFrom('sites').select('time_zone').where('id', '=', studySite.site_id).executeTakeFirstOrThrow();
  const today = localDate(ctx.now(), site.time_zone);
  if (errors.length === 0) {
    const checked = await checkImportReferences(db, studySite, today, participants, visits);
    errors.push(...checked.errors);
    if (errors.length === 0) return writeImport(db, ctx, studySite, participants, visits, checked.references, request.dryRun);
  }
  throw importRefused(errors);
}

async function writeImport(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySite: { id: string; study_id: string },
  participants: Row<ParticipantImportRow>[],
  visits: Row<VisitImportRow>[],
  references: ResolvedReferences,
  dryRun: boolean,
): Promise<ImportResult> {
  try {
    return await db.transaction().execute(async (tx) => {
      const result: ImportResult = { dryRun, participants: 0, consents: 0, visitsScheduled: 0, visitsRecorded: 0, subjectNumbers: [] };
      const visitsOf = new Map<string, Row<VisitImportRow>[]>();
      for (const v of visits) visitsOf.set(v.subject_number, [...(visitsOf.get(v.subject_number) ?? []), v]);
      for (const p of participants) {
        const participantId = await insertParticipant(tx, ctx, studySite, p, references);
        result.participants += 1;
        result.subjectNumbers.push(p.subject_number);
        if (p.consented_on) {
          await insertConsent(tx, ctx, participantId, p, references);
          result.consents += 1;
          await generateSchedule(tx, ctx, participantId, 'consent');
        }
        if (p.enrolled_on) await generateSchedule(tx, ctx, participantId, 'randomization');
        result.visitsRecorded += await recordVisits(tx, ctx, participantId, visitsOf.get(p.subject_number) ?? []);
        await closeSchedule(tx, ctx, participantId, p);
      }
      const scheduled = await tx
        .selectFrom('participant_visits')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where(
          'participant_id',
          'in',
          tx
            .selectFrom('participants')
            .select('id')
            .where('study_id', '=', studySite.study_id)
            .where('subject_number', 'in', result.subjectNumbers),
        )
        .executeTakeFirstOrThrow();
      result.visitsScheduled = Number(scheduled.n);
      if (dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

async function insertParticipant(
  tx: Kysely<DB>,
  ctx: RequestContext,
  studySite: { id: string; study_id: string },
  p: Row<ParticipantImportRow>,
  references: ResolvedReferences,
): Promise<string> {
  let identityId: string | null = null;
  if (p.full_name) {
    const identity = await tx
      .insertInto('identities')
      .values({
        study_site_id: studySite.id,
        full_name: p.full_name,
        date_of_birth: p.date_of_birth ?? null,
        phone: p.phone ?? null,
        email: p.email ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    identityId = identity.id;
    // The identity's own history names only which fields were given, never their values elsewhere.
    await writeAuditEvent(tx, ctx, {
      entityType: 'identity',
      entityId: identity.id,
      action: 'create',
      changes: identityColumns.filter((c) => p[c]).map((c) => ({ field: c, old: null, new: p[c] })),
      reason: importReason,
    });
  }
  const values = {
    study_id: studySite.study_id,
    study_site_id: studySite.id,
    subject_number: p.subject_number,
    identity_id: identityId,
    coordinator_user_id: references.coordinatorUserIdOf.get(p.row) ?? null,
    status: p.status,
    consent_language: p.consent_language,
    screened_on: p.screened_on,
    consented_on: p.consented_on ?? null,
    screen_failed_on: p.screen_failed_on ?? null,
    screen_fail_reason: p.screen_fail_reason ?? null,
    randomization_number: p.randomization_number ?? null,
    enrolled_on: p.enrolled_on ?? null,
    completed_on: p.completed_on ?? null,
    withdrawn_on: p.withdrawn_on ?? null,
    withdrawal_scope: p.withdrawal_scope ?? null,
    withdrawal_reason: p.withdrawal_reason ?? null,
    lost_on: p.lost_on ?? null,
  };
  const { id } = await tx.insertInto('participants').values(values).returning('id').executeTakeFirstOrThrow();
  await writeAuditEvent(tx, ctx, {
    entityType: 'participant',
    entityId: id,
    action: 'create',
    changes: Object.entries(values)
      .filter(([field, value]) => value !== null && field !== 'identity_id')
      .map(([field, value]) => ({ field, old: null, new: value })),
    reason: importReason,
  });
  return id;
}

async function insertConsent(
  tx: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  p: Row<ParticipantImportRow>,
  references: ResolvedReferences,
) {
  const consentedOn = p.consented_on as string;
  const { id } = await tx
    .insertInto('consents')
    .values({
      participant_id: participantId,
      icf_version_id: references.icfVersionIdOf.get(p.row) as string,
      kind: 'initial',
      // The source system gives the day only: noon UTC keeps that day at sites within ±11 hours.
      consented_at: `${consentedOn}T12:00:00Z`,
      consented_on: consentedOn,
      obtained_by_person_id: references.obtainedByPersonIdOf.get(p.row) as string,
      recorded_by_user_id: actorUserId(ctx.actor),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeAuditEvent(tx, ctx, {
    entityType: 'consent',
    entityId: id,
    action: 'create',
    changes: [
      { field: 'participantId', old: null, new: participantId },
      { field: 'icfVersion', old: null, new: p.icf_version },
      { field: 'consentedOn', old: null, new: consentedOn },
      { field: 'obtainedByPersonId', old: null, new: references.obtainedByPersonIdOf.get(p.row) },
    ],
    reason: importReason,
  });
}

/** Marks the planned visits the file reports as completed or missed, as the old system had them. */
async function recordVisits(tx: Kysely<DB>, ctx: RequestContext, participantId: string, rows: Row<VisitImportRow>[]): Promise<number> {
  let recorded = 0;
  for (const v of rows) {
    const visit = await tx
      .selectFrom('participant_visits')
      .select(['id', 'status'])
      .where('participant_id', '=', participantId)
      .where('code', '=', v.visit_code)
      .where('kind', '<>', 'unscheduled')
      .executeTakeFirst();
    if (!visit)
      throw new AppError(400, 'Bad Request', `Row ${v.row} of the visits file: ${v.visit_code} was not planned for ${v.subject_number}.`, [
        cellError('visitsCsv', v.row, 'visit_code', `${v.visit_code} was not planned for ${v.subject_number}.`),
      ]);
    await tx
      .updateTable('participant_visits')
      .set({
        status: v.status,
        actual_date: v.actual_date ?? null,
        notes: v.notes ?? null,
        completed_at: v.status === 'completed' ? ctx.now() : null,
        completed_by_user_id: v.status === 'completed' ? actorUserId(ctx.actor) : null,
        version: (eb) => eb('version', '+', 1),
        updated_at: ctx.now(),
      })
      .where('id', '=', visit.id)
      .execute();
    await auditVisitStatus(tx, ctx, visit, v.status, `${importReason}${v.actual_date ? ` (seen on ${v.actual_date})` : ''}`);
    recorded += 1;
  }
  return recorded;
}

/** A participant who left the study keeps no future visits; one off treatment keeps follow-up. */
async function closeSchedule(tx: Kysely<DB>, ctx: RequestContext, participantId: string, p: Row<ParticipantImportRow>) {
  const endedOn = p.screen_failed_on ?? p.completed_on ?? p.lost_on ?? p.withdrawn_on;
  if (!endedOn) return;
  const kinds = p.status === 'withdrawn' && p.withdrawal_scope === 'treatment' ? ['treatment'] : undefined;
  await cancelScheduledVisits(tx, ctx, participantId, { from: endedOn, kinds, reason: importReason });
}
