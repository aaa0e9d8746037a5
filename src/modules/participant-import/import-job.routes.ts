import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { id } from '../../platform/http/fields.js';
import { cancelImportJob } from './cancel-import-job.js';
import type { ImportResult } from './import.schemas.js';
import { type ImportJob, importJob } from './import-job.schemas.js';
import { createImportJobRunner, type ImportJobRunnerOptions, type LiveProgress } from './import-job-runner.js';
import { findVisibleImportJob, type ImportJobRow } from './import-jobs.repo.js';
import { receiveImportUpload } from './receive-import-upload.js';
import { startImportJob } from './start-import-job.js';

const tags = ['participants'];
const siteParams = z.strictObject({ id, studySiteId: id });
const jobParams = z.strictObject({ jobId: id });
const jobUrl = (jobId: string) => `/api/participant-imports/${jobId}`;

export const participantImportJobRoutes = (runnerOptions: ImportJobRunnerOptions) => (app: FastifyInstance) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database } = app;
  const runner = createImportJobRunner(database, app.now, app.log, runnerOptions);
  // A closing server stops its imports before the database goes: each rolls back and ends 'cancelled'.
  app.addHook('onClose', () => runner.close());
  const present = (row: ImportJobRow) => toImportJob(row, runner.liveProgress(row.id));

  api.post(
    '/api/studies/:id/sites/:studySiteId/participant-imports',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params: siteParams,
        consumes: ['multipart/form-data'],
        description:
          'Accepts a participant import as a background job: multipart/form-data with the CSV files in parts "participants" (required) and "visits", and a text part dryRun ("true" or "false"). Answers 202 with the job; poll its Location for progress and the outcome (the result, or the 400 problem listing every error by file, row and column).',
        response: { 202: importJob },
      },
    },
    async (request, reply) => {
      const row = await startImportJob(database.db, runner, request.ctx, request.params.id, request.params.studySiteId, (jobId) =>
        receiveImportUpload(request, { maxBytes: app.maxUploadBytes, stagingDir: app.uploadStagingDir }, jobId),
      );
      return reply.code(202).header('location', jobUrl(row.id)).send(present(row));
    },
  );

  api.get(
    '/api/participant-imports/:jobId',
    {
      config: { permission: 'participant.read' },
      schema: {
        tags,
        params: jobParams,
        description: 'An import job: its status, rows checked and written so far, and its result or problem once it has ended.',
        response: { 200: importJob },
      },
    },
    async (request) => {
      const found = await findVisibleImportJob(database.db, request.ctx, request.params.jobId);
      if (!found) throw notFound('import job');
      return present(found.job);
    },
  );

  api.post(
    '/api/participant-imports/:jobId/cancel',
    {
      config: { permission: 'participant.write' },
      schema: {
        tags,
        params: jobParams,
        description:
          'Cancels an import before it commits: nothing of it is written and the job ends "cancelled" (poll the job). 409 once it has succeeded or failed.',
        response: { 202: importJob },
      },
    },
    async (request, reply) => {
      const row = await cancelImportJob(database, runner, request.ctx, request.params.jobId);
      return reply.code(202).send(present(row));
    },
  );
};

/**
 * The row, with this server's fresher progress while it runs the job. While the runner holds the
 * job its end is not committed yet: on the embedded database a read between the import's
 * statements sees the row already ended (ADR 0014), so the row's end shows once the runner lets go.
 */
function toImportJob(row: ImportJobRow, live: LiveProgress | undefined): ImportJob {
  const ended = !live && row.finished_at !== null;
  return {
    id: row.id,
    studyId: row.study_id,
    studySiteId: row.study_site_id,
    status: live ? live.status : (row.status as ImportJob['status']),
    dryRun: row.dry_run,
    rowsTotal: live ? live.rowsTotal : row.rows_total,
    rowsChecked: live ? live.rowsChecked : row.rows_checked,
    rowsWritten: live ? live.rowsWritten : row.rows_written,
    createdAt: row.created_at.toISOString(),
    finishedAt: ended ? (row.finished_at?.toISOString() ?? null) : null,
    result: ended ? ((row.result as ImportResult | null) ?? null) : null,
    problem: ended ? ((row.problem as ImportJob['problem']) ?? null) : null,
  };
}
