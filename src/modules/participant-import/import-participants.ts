import type { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { createImportedParticipant, recordImportedConsent } from '../participants/imported-participant.js';
import { canAtStudySite, canIdentify, findStudySiteForParticipants } from '../participants/participant-access.repo.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { recordImportedVisitOutcome } from '../visits/record-imported-visits.js';
import { cancelScheduledVisits, generateSchedule } from '../visits/schedule.js';
import { countVisitsOfSubjects } from '../visits/visit.repo.js';
import { checkImportReferences, type ResolvedReferences } from './check-import-references.js';
import type { ImportResult } from './import.schemas.js';
import { cellError, importRefused, type ParticipantImportRow, readImportCsv, type VisitImportRow } from './read-import-csv.js';

type Row<T> = T & { row: number };
const identityColumns = ['full_name', 'date_of_birth', 'phone', 'email'] as const;
const importReason = 'Imported from CSV';

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
}
export interface ImportFiles {
  participants: string | Readable;
  visits?: string | Readable;
  dryRun: boolean;
}

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
  files: ImportFiles,
  studyId?: string,
  options: ImportRunOptions = {},
): Promise<ImportResult> {
  const studySite = await findStudySiteForParticipants(db, ctx, studySiteId, studyId);
  if (!studySite) throw notFound('study-site');
  if (!canAtStudySite(ctx, 'participant.write', studySite)) throw forbidden();

  const participantsCsv = typeof files.participants === 'string' ? files.participants : await text(files.participants);
  const visitsCsv = files.visits === undefined || typeof files.visits === 'string' ? files.visits : await text(files.visits);
  const { participants, visits, errors } = readImportCsv(participantsCsv, visitsCsv);
  if (!canIdentify(ctx, studySite)) {
    for (const p of participants)
      for (const column of identityColumns)
        if (p[column])
          errors.push(
            cellError('participantsCsv', p.row, column, 'Only site staff may import identifying details; leave this column empty.'),
          );
  }
  const today = studySiteToday(studySite, ctx.now());
  if (errors.length === 0) {
    const checked = await checkImportReferences(db, studySite, today, participants, visits);
    errors.push(...checked.errors);
    const rowsTotal = participants.length + visits.length;
    await options.onProgress?.({ phase: 'checking', rowsTotal, rowsChecked: rowsTotal, rowsWritten: 0 });
    if (errors.length === 0) return writeImport(db, ctx, studySite, participants, visits, checked.references, files.dryRun, options);
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
  { onProgress, transaction = (work) => db.transaction().execute(work) }: ImportRunOptions,
): Promise<ImportResult> {
  const rowsTotal = participants.length + visits.length;
  try {
    return await transaction(async (tx) => {
      let rowsWritten = 0;
      const result: ImportResult = { dryRun, participants: 0, consents: 0, visitsScheduled: 0, visitsRecorded: 0, subjectNumbers: [] };
      const visitsOf = new Map<string, Row<VisitImportRow>[]>();
      for (const v of visits) visitsOf.set(v.subject_number, [...(visitsOf.get(v.subject_number) ?? []), v]);
      for (const p of participants) {
        const participantId = await createImportedParticipant(tx, ctx, studySite, p, references.coordinatorUserIdOf.get(p.row) ?? null);
        result.participants += 1;
        result.subjectNumbers.push(p.subject_number);
        if (p.consented_on) {
          await recordImportedConsent(tx, ctx, participantId, {
            consentedOn: p.consented_on,
            icfVersionId: references.icfVersionIdOf.get(p.row) as string,
            icfVersionLabel: p.icf_version,
            obtainedByPersonId: references.obtainedByPersonIdOf.get(p.row) as string,
          });
          result.consents += 1;
          await generateSchedule(tx, ctx, participantId, 'consent');
        }
        if (p.enrolled_on) await generateSchedule(tx, ctx, participantId, 'randomization');
        result.visitsRecorded += await recordImportedVisits(tx, ctx, participantId, visitsOf.get(p.subject_number) ?? []);
        await closeSchedule(tx, ctx, participantId, p);
        rowsWritten += 1 + (visitsOf.get(p.subject_number)?.length ?? 0);
        if (result.participants % 25 === 0) await onProgress?.({ phase: 'writing', rowsTotal, rowsChecked: rowsTotal, rowsWritten });
      }
      await onProgress?.({ phase: 'writing', rowsTotal, rowsChecked: rowsTotal, rowsWritten });
      result.visitsScheduled = await countVisitsOfSubjects(tx, studySite.study_id, result.subjectNumbers);
      if (dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

/** Marks the planned visits the file reports as completed or missed, as the old system had them. */
async function recordImportedVisits(
  tx: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  rows: Row<VisitImportRow>[],
): Promise<number> {
  let recorded = 0;
  for (const v of rows) {
    const reason = `${importReason}${v.actual_date ? ` (seen on ${v.actual_date})` : ''}`;
    const planned = await recordImportedVisitOutcome(tx, ctx, participantId, {
      code: v.visit_code,
      status: v.status,
      actualDate: v.actual_date,
      notes: v.notes,
      reason,
    });
    if (!planned)
      throw new AppError(400, 'Bad Request', `Row ${v.row} of the visits file: ${v.visit_code} was not planned for ${v.subject_number}.`, [
        cellError('visitsCsv', v.row, 'visit_code', `${v.visit_code} was not planned for ${v.subject_number}.`),
      ]);
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
