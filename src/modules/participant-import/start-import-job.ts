import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { actorUserId } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { canAtStudySite, findStudySiteForParticipants } from '../participants/participant-access.repo.js';
import type { ImportJobRunner } from './import-job-runner.js';
import { type ImportJobRow, insertImportJob } from './import-jobs.repo.js';
import type { ReceivedImport } from './receive-import-upload.js';

/**
 * Accepts an import as a job: the caller's access is checked before a byte is stored, the job
 * and its audit row commit together, and only then is it handed to this server's runner.
 */
export async function startImportJob(
  db: Kysely<DB>,
  runner: ImportJobRunner,
  ctx: RequestContext,
  studyId: string,
  studySiteId: string,
  receive: (jobId: string) => Promise<ReceivedImport>,
): Promise<ImportJobRow> {
  const studySite = await findStudySiteForParticipants(db, ctx, studySiteId, studyId);
  if (!studySite) throw notFound('study-site');
  const userId = actorUserId(ctx.actor);
  if (!userId || !canAtStudySite(ctx, 'participant.write', studySite)) throw forbidden();
  const jobId = randomUUID();
  const upload = await receive(jobId);
  try {
    const job = await db.transaction().execute(async (tx) => {
      const row = await insertImportJob(tx, {
        id: jobId,
        studyId: studySite.study_id,
        studySiteId: studySite.id,
        createdBy: userId,
        files: upload.files,
        dryRun: upload.dryRun,
        createdAt: ctx.now(),
      });
      await writeAuditEvent(tx, ctx, {
        entityType: 'participant_import_job',
        entityId: jobId,
        action: 'create',
        changes: [
          { field: 'studySiteId', old: null, new: studySite.id },
          { field: 'dryRun', old: null, new: upload.dryRun },
          { field: 'files', old: null, new: upload.files },
          { field: 'status', old: null, new: 'queued' },
        ],
      });
      return row;
    });
    runner.enqueue({ jobId, userId, studyId: studySite.study_id, studySiteId: studySite.id, upload });
    return job;
  } catch (error) {
    await rm(upload.dir, { recursive: true, force: true });
    throw error;
  }
}
