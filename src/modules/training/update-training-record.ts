import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { addYears, utcDate } from '../../platform/dates.js';
import { toColumns } from '../../platform/db/columns.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { gcpValidityYears } from './create-training-record.js';
import { checkTrainingFields, loadPersonForTrainingWrite } from './load-person-for-training.js';
import { findVisibleTrainingRecord, toTrainingRecord, trainingAuditIgnore, trainingColumns } from './training.repo.js';
import type { TrainingKind, TrainingRecord, UpdateTrainingRecord } from './training.schemas.js';

export async function updateTrainingRecord(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { personId: string; recordId: string },
  expectedVersion: number,
  { reason, ...input }: UpdateTrainingRecord,
): Promise<TrainingRecord> {
  return db.transaction().execute(async (tx) => {
    await loadPersonForTrainingWrite(tx, ctx, ids.personId);
    const current = await findVisibleTrainingRecord(tx, ctx, ids.personId, ids.recordId);
    if (!current) throw notFound('training record');
    if (current.version !== expectedVersion) throw preconditionFailed();
    const kind = current.kind as TrainingKind;
    const completedOn = input.completedOn ?? current.completed_on;
    // A new completion date moves a GCP expiry that was not given with it; one given wins.
    const defaultGcpExpiry = kind === 'gcp' && input.completedOn && input.expiresOn === undefined;
    const changes = { ...input, ...(defaultGcpExpiry ? { expiresOn: addYears(completedOn, gcpValidityYears) } : {}) };
    if (kind === 'gcp' && changes.expiresOn === null) changes.expiresOn = addYears(completedOn, gcpValidityYears);
    const merged = {
      kind,
      studyId: changes.studyId === undefined ? current.study_id : changes.studyId,
      protocolVersion: changes.protocolVersion === undefined ? current.protocol_version : changes.protocolVersion,
      expiresOn: changes.expiresOn === undefined ? current.expires_on : changes.expiresOn,
      documentId: changes.documentId === undefined ? current.document_id : changes.documentId,
    };
    if (merged.expiresOn && merged.expiresOn < completedOn) {
      throw invalidField('/expiresOn', 'Training cannot expire before it was completed.');
    }
    await checkTrainingFields(tx, ctx, ids.personId, merged);
    await updateVersioned(tx, 'training_records', current.id, expectedVersion, toColumns(changes, trainingColumns), ctx.now());
    const row = await findVisibleTrainingRecord(tx, ctx, ids.personId, ids.recordId);
    if (!row) throw notFound('training record');
    const today = utcDate(ctx.now());
    const after = toTrainingRecord(row, today);
    await writeAuditEvent(tx, ctx, {
      entityType: 'training_record',
      entityId: row.id,
      action: 'update',
      changes: diffChanges(toTrainingRecord(current, today), after, trainingAuditIgnore),
      reason,
    });
    return after;
  });
}
