import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { addYears, utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { checkTrainingFields, loadPersonForTrainingWrite } from './load-person-for-training.js';
import { insertTrainingRecord, toTrainingRecord, trainingAuditIgnore } from './training.repo.js';
import type { CreateTrainingRecord, TrainingRecord } from './training.schemas.js';

/** GCP refresher training is expected every three years (TransCelerate mutual recognition). */
export const gcpValidityYears = 3;

export async function createTrainingRecord(
  db: Kysely<DB>,
  ctx: RequestContext,
  personId: string,
  { reason, ...input }: CreateTrainingRecord,
): Promise<TrainingRecord> {
  return db.transaction().execute(async (tx) => {
    await loadPersonForTrainingWrite(tx, ctx, personId);
    const expiresOn = input.expiresOn ?? (input.kind === 'gcp' ? addYears(input.completedOn, gcpValidityYears) : null);
    const fields = {
      kind: input.kind,
      studyId: input.studyId ?? null,
      protocolVersion: input.protocolVersion ?? null,
      expiresOn,
      documentId: input.documentId ?? null,
    };
    await checkTrainingFields(tx, ctx, personId, fields);
    const row = await insertTrainingRecord(tx, {
      person_id: personId,
      title: input.title,
      kind: fields.kind,
      study_id: fields.studyId,
      protocol_version: fields.protocolVersion,
      completed_on: input.completedOn,
      expires_on: expiresOn,
      document_id: fields.documentId,
    });
    const record = toTrainingRecord(row, utcDate(ctx.now()));
    await writeAuditEvent(tx, ctx, {
      entityType: 'training_record',
      entityId: row.id,
      action: 'create',
      changes: diffChanges(null, record, trainingAuditIgnore),
      reason,
    });
    return record;
  });
}
