import type { Kysely, Selectable } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findStudySiteForParticipants } from '../participants/participant-access.repo.js';

export type ImportJobRow = Selectable<DB['participant_import_jobs']>;
export type ImportJobStatus = 'queued' | 'checking' | 'writing' | 'succeeded' | 'failed' | 'cancelled';
export const finishedStatuses: readonly ImportJobStatus[] = ['succeeded', 'failed', 'cancelled'];

export interface StoredImportFile {
  field: 'participants' | 'visits';
  fileName: string;
  size: number;
  sha256: string;
}

export async function insertImportJob(
  tx: Kysely<DB>,
  job: { id: string; studyId: string; studySiteId: string; createdBy: string; files: StoredImportFile[]; dryRun: boolean; createdAt: Date },
): Promise<ImportJobRow> {
  return tx
    .insertInto('participant_import_jobs')
    .values({
      id: job.id,
      study_id: job.studyId,
      study_site_id: job.studySiteId,
      created_by: job.createdBy,
      files: JSON.stringify(job.files),
      dry_run: job.dryRun,
      status: 'queued',
      created_at: job.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The job, when the caller may read participants at its study-site; undefined (404) otherwise. */
export async function findVisibleImportJob(db: Kysely<DB>, ctx: RequestContext, jobId: string) {
  const job = await unsafeFindImportJob(db, jobId);
  if (!job) return undefined;
  const studySite = await findStudySiteForParticipants(db, ctx, job.study_site_id);
  return studySite ? { job, studySite } : undefined;
}

export async function canReadImportJobHistory(db: Kysely<DB>, ctx: RequestContext, jobId: string): Promise<boolean> {
  return Boolean(await findVisibleImportJob(db, ctx, jobId));
}

/** Unscoped: the runner reads the job it was handed (it re-checks the uploader's grants itself). */
export async function unsafeFindImportJob(db: Kysely<DB>, jobId: string): Promise<ImportJobRow | undefined> {
  return db.selectFrom('participant_import_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
}

export async function markImportJobStarted(db: Kysely<DB>, jobId: string, startedAt: Date): Promise<{ cancelRequested: boolean }> {
  const row = await db
    .updateTable('participant_import_jobs')
    .set({ status: 'checking', started_at: startedAt })
    .where('id', '=', jobId)
    .where('status', '=', 'queued')
    .returning('cancel_requested_at')
    .executeTakeFirst();
  return { cancelRequested: !row || Boolean(row.cancel_requested_at) };
}

/** Progress is operational state, not a change of record: written without an audit row (ADR 0015). */
export async function saveImportJobProgress(
  db: Kysely<DB>,
  jobId: string,
  progress: { status: 'checking' | 'writing'; rowsTotal: number; rowsChecked: number; rowsWritten: number },
): Promise<{ cancelRequested: boolean }> {
  const row = await db
    .updateTable('participant_import_jobs')
    .set({
      status: progress.status,
      rows_total: progress.rowsTotal,
      rows_checked: progress.rowsChecked,
      rows_written: progress.rowsWritten,
    })
    .where('id', '=', jobId)
    .where('finished_at', 'is', null)
    .returning('cancel_requested_at')
    .executeTakeFirst();
  return { cancelRequested: Boolean(row?.cancel_requested_at) };
}

/** True when this is the first request to cancel the job. */
export async function saveImportCancelRequest(tx: Kysely<DB>, jobId: string, by: string, at: Date): Promise<boolean> {
  const saved = await tx
    .updateTable('participant_import_jobs')
    .set({ cancel_requested_at: at, cancel_requested_by: by })
    .where('id', '=', jobId)
    .where('cancel_requested_at', 'is', null)
    .executeTakeFirst();
  return Number(saved.numUpdatedRows) > 0;
}

export async function finishImportJob(
  tx: Kysely<DB>,
  jobId: string,
  outcome: {
    status: 'succeeded' | 'failed' | 'cancelled';
    finishedAt: Date;
    result?: object;
    problem?: object;
    rowsTotal?: number | null;
    rowsChecked?: number;
    rowsWritten?: number;
  },
): Promise<ImportJobRow | undefined> {
  return tx
    .updateTable('participant_import_jobs')
    .set({
      status: outcome.status,
      finished_at: outcome.finishedAt,
      result: outcome.result ? JSON.stringify(outcome.result) : null,
      problem: outcome.problem ? JSON.stringify(outcome.problem) : null,
      ...(outcome.rowsTotal !== undefined ? { rows_total: outcome.rowsTotal } : {}),
      ...(outcome.rowsChecked !== undefined ? { rows_checked: outcome.rowsChecked } : {}),
      ...(outcome.rowsWritten !== undefined ? { rows_written: outcome.rowsWritten } : {}),
    })
    .where('id', '=', jobId)
    .where('finished_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Unscoped: jobs accepted before `createdBefore` that never ended, for the sweep at server start. */
export async function unsafeFindUnfinishedImportJobs(db: Kysely<DB>, createdBefore: Date): Promise<ImportJobRow[]> {
  return db
    .selectFrom('participant_import_jobs')
    .selectAll()
    .where('finished_at', 'is', null)
    .where('created_at', '<', createdBefore)
    .orderBy('created_at')
    .execute();
}
