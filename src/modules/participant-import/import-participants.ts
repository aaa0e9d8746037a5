import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import {
  openAuditStage,
  type PreparedAuditEntry,
  prepareAuditEntry,
  writePreparedAuditEvents,
} from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { noPhaseClock, type PhaseClock, timed, timedSync } from '../../platform/db/phase-clock.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden, notFound } from '../../platform/errors.js';
import {
  type ImportedParticipantRecords,
  planImportedParticipant,
  writeImportedParticipants,
} from '../participants/imported-participant.js';
import { canAtStudySite, canIdentify, findStudySiteForParticipants } from '../participants/participant-access.repo.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { type ImportedVisits, planImportedVisits, writeImportedVisits } from '../visits/record-imported-visits.js';
import { checkImportReferences, type ResolvedReferences } from './check-import-references.js';
import type { ImportResult } from './import.schemas.js';
import { cellError, importRefused, type ParticipantImportRow, readImportFiles, type VisitImportRow } from './read-import-csv.js';

type Row<T> = T & { row: number };
const identityColumns = ['full_name', 'date_of_birth', 'phone', 'email'] as const;
const importReason = 'Imported from CSV';

/**
 * How far an import is. Input rows are participant rows plus visit rows. While the files are
 * read, rowsTotal is the rows read so far and rowsChecked 0; the checks against the database
 * then bring rowsChecked up to rowsTotal; rowsWritten counts the rows whose records are written.
 */
export interface ImportProgress {
  phase: 'checking' | 'writing';
  rowsTotal: number;
  rowsChecked: number;
  rowsWritten: number;
}

export interface ImportRunOptions {
  /** Called between chunks (at most every ~100 ms of work); may throw to stop: the transaction rolls back. */
  onProgress?: (progress: ImportProgress) => Promise<void>;
  /** Runs the writing transaction; default: (work) => db.transaction().execute(work). The job passes bulkTransaction. */
  transaction?: <T>(work: (tx: Kysely<DB>) => Promise<T>) => Promise<T>;
  /**
   * Write the audit rows with each chunk, holding the audit chain's lock from the first chunk to
   * the commit, instead of keeping them all for the end: memory stays flat however large the
   * file. For transactions that other writers wait for anyway (bulkTransaction on the embedded
   * database, ADR 0014); elsewhere every audited write would wait for the whole import.
   */
  auditEachChunk?: boolean;
  /** Where the time goes, phase by phase (bench/import-only.ts). */
  clock?: PhaseClock;
}

/** The files of an import: their text, or streams of their bytes (files on disk, read as they stream). */
export interface ImportFiles {
  participants: string | Readable;
  visits?: string | Readable;
  /** Check everything and report what would be written, without writing it. */
  dryRun: boolean;
}

/** Participants written per round of set-based statements (with their ten or so visits each). */
const participantsPerChunk = 250;

/** Thrown inside the transaction of a dry run, so everything it wrote is rolled back. */
class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

/**
 * Imports participants and their visits into one study-site, all or nothing: every row is
 * checked first and every problem is reported by row and column; only a clean file is written,
 * in one transaction, through the same schedule planning as screening and randomization, with
 * set-based statements in chunks. A dry run does the whole import and rolls it back, so its
 * counts are exactly what would be written.
 */
export async function importParticipants(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteId: string,
  files: ImportFiles,
  studyId?: string,
  options: ImportRunOptions = {},
): Promise<ImportResult> {
  const studySite = await findStudySiteForParticipants(db, ctx, studySiteId, studyId);
  if (!studySite) throw notFound('study-site');
  if (!canAtStudySite(ctx, 'participant.write', studySite)) throw forbidden();
  const report = options.onProgress ?? (async () => {});
  const clock = options.clock ?? noPhaseClock;

  const { participants, visits, errors } = await timed(clock, 'read and check rows', () =>
    readImportFiles(files.participants, files.visits, (rowsRead) =>
      report({ phase: 'checking', rowsTotal: rowsRead, rowsChecked: 0, rowsWritten: 0 }),
    ),
  );
  const rowsTotal = participants.length + visits.length;
  const checking = (rowsChecked: number) => report({ phase: 'checking', rowsTotal, rowsChecked, rowsWritten: 0 });
  if (!canIdentify(ctx, studySite)) {
    for (const p of participants)
      for (const column of identityColumns)
        if (p[column])
          errors.push(
            cellError('participantsCsv', p.row, column, 'Only site staff may import identifying details; leave this column empty.'),
          );
  }
  if (errors.length > 0) throw importRefused(errors);
  const today = studySiteToday(studySite, ctx.now());
  const checked = await timed(clock, 'check references', () => checkImportReferences(db, studySite, today, participants, visits, checking));
  if (checked.errors.length > 0) throw importRefused(checked.errors);
  const plan = importPlan(ctx, studySite, participants, visits, checked.references);
  const unplanned = await timed(clock, 'check schedules', () => plan.unplannedVisits());
  if (unplanned.length > 0) throw importRefused(unplanned);
  await checking(rowsTotal);

  const transaction = options.transaction ?? ((work) => db.transaction().execute(work));
  try {
    return await transaction(async (tx) => {
      const result: ImportResult = {
        dryRun: files.dryRun,
        participants: 0,
        consents: 0,
        visitsScheduled: 0,
        visitsRecorded: 0,
        subjectNumbers: [],
      };
      let rowsWritten = 0;
      // Chained and written at the end (unless auditEachChunk): the audit chain's lock, which
      // every other audited write waits for, is then held only for that, not for the whole
      // import. Kept in the transaction's audit stage meanwhile, not in memory. A dry run is
      // rolled back: it needs no audit rows, nor the lock.
      const auditEachChunk = options.auditEachChunk === true;
      const stage = files.dryRun || auditEachChunk ? undefined : await openAuditStage(tx);
      for (let start = 0; start < participants.length; start += participantsPerChunk) {
        const records: ImportedParticipantRecords[] = [];
        const schedules: ImportedVisits[] = [];
        const now = ctx.now();
        const planStart = performance.now();
        for (const p of participants.slice(start, start + participantsPerChunk)) {
          const { records: r, schedule } = plan.participant(p, now);
          records.push(r);
          schedules.push(schedule);
          result.participants += 1;
          result.subjectNumbers.push(p.subject_number);
          if (r.consent) result.consents += 1;
          result.visitsScheduled += schedule.visits.length;
          result.visitsRecorded += schedule.recorded;
          rowsWritten += 1 + (plan.visitsOf.get(p.subject_number)?.length ?? 0);
        }
        clock.add('plan', performance.now() - planStart);
        await timed(clock, 'write participants', () => writeImportedParticipants(tx, records));
        await timed(clock, 'write visits', () => writeImportedVisits(tx, schedules));
        if (!files.dryRun) {
          // Per participant chunk: the participants' entries, then their visits'.
          const audit: PreparedAuditEntry[] = [];
          timedSync(clock, 'audit prepare', () => {
            for (const r of records) for (const entry of r.audit) audit.push(prepareAuditEntry(entry));
            for (const s of schedules) for (const entry of s.audit) audit.push(prepareAuditEntry(entry));
          });
          if (stage) await timed(clock, 'audit stage write', () => stage.add(audit));
          else await writePreparedAuditEvents(tx, ctx, audit, clock);
        }
        await setImmediate();
        await report({ phase: 'writing', rowsTotal, rowsChecked: rowsTotal, rowsWritten });
      }
      if (files.dryRun) throw new DryRunRollback(result);
      await stage?.write(ctx, clock);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

/** Plans each participant's records and schedule from the checked rows, the same way when checking and when writing. */
function importPlan(
  ctx: RequestContext,
  studySite: { id: string; study_id: string },
  participants: Row<ParticipantImportRow>[],
  visits: Row<VisitImportRow>[],
  references: ResolvedReferences,
) {
  const visitsOf = new Map<string, Row<VisitImportRow>[]>();
  for (const v of visits) {
    const of = visitsOf.get(v.subject_number);
    if (of) of.push(v);
    else visitsOf.set(v.subject_number, [v]);
  }

  function participant(p: Row<ParticipantImportRow>, now: Date) {
    const consent = p.consented_on
      ? {
          consentedOn: p.consented_on,
          icfVersionId: references.icfVersionIdOf.get(p.row) as string,
          icfVersionLabel: p.icf_version,
          obtainedByPersonId: references.obtainedByPersonIdOf.get(p.row) as string,
        }
      : undefined;
    const records = planImportedParticipant(ctx, studySite, p, references.coordinatorUserIdOf.get(p.row) ?? null, consent);
    return { records, schedule: scheduleOf(p, records.participant.id, now) };
  }

  function scheduleOf(p: Row<ParticipantImportRow>, participantId: string, now: Date) {
    const rows = visitsOf.get(p.subject_number) ?? [];
    return planImportedVisits(
      ctx,
      {
        participant: {
          id: participantId,
          study_site_id: studySite.id,
          consented_on: p.consented_on ?? null,
          enrolled_on: p.enrolled_on ?? null,
          baseline_on: null,
        },
        protocolAtConsent: p.consented_on ? references.protocolOn.get(p.consented_on) : undefined,
        protocolAtRandomization: p.enrolled_on ? references.protocolOn.get(p.enrolled_on) : undefined,
        outcomes: rows.map((v) => ({
          code: v.visit_code,
          status: v.status,
          actualDate: v.actual_date,
          notes: v.notes,
          reason: `${importReason}${v.actual_date ? ` (seen on ${v.actual_date})` : ''}`,
        })),
        cancellation: cancellationOf(p),
        importReason,
      },
      now,
    );
  }

  /** The visit rows whose visit the plan does not hold (a window closed before the anchor day, say). */
  async function unplannedVisits() {
    const errors = [];
    for (let index = 0; index < participants.length; index++) {
      const p = participants[index] as Row<ParticipantImportRow>;
      if (index % participantsPerChunk === participantsPerChunk - 1) await setImmediate();
      // Only the schedule matters here: the participant's id is made when it is written.
      const schedule = scheduleOf(p, p.subject_number, ctx.now());
      for (const outcome of schedule.unplanned) {
        const v = visitsOf.get(p.subject_number)?.find((row) => row.visit_code === outcome.code) as Row<VisitImportRow>;
        errors.push(cellError('visitsCsv', v.row, 'visit_code', `${v.visit_code} was not planned for ${v.subject_number}.`));
      }
    }
    return errors;
  }

  return { visitsOf, participant, unplannedVisits };
}

/** A participant who left the study keeps no future visits; one off treatment keeps follow-up. */
function cancellationOf(p: Row<ParticipantImportRow>) {
  const endedOn = p.screen_failed_on ?? p.completed_on ?? p.lost_on ?? p.withdrawn_on;
  if (!endedOn) return undefined;
  const kinds = p.status === 'withdrawn' && p.withdrawal_scope === 'treatment' ? ['treatment'] : undefined;
  return { from: endedOn, kinds, reason: importReason };
}
