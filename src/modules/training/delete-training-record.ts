import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { notFound, preconditionFailed } from '../../platform/errors.js';
import { loadPersonForTrainingWrite } from './load-person-for-training.js';
import { findVisibleTrainingRecord, toTrainingRecord, trainingAuditIgnore } from './training.repo.js';

/**
 * Removes a record entered in error. 21 CFR 11.10(e): the audit row keeps every value and the
 * reason; the row stays (marked deleted) so its history is still scoped to the person.
 */
export async function deleteTrainingRecord(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { personId: string; recordId: string },
  expectedVersion: number,
  reason: string,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await loadPersonForTrainingWrite(tx, ctx, ids.personId);
    const current = await findVisibleTrainingRecord(tx, ctx, ids.personId, ids.recordId);
    if (!current) throw notFound('training record');
    if (current.version !== expectedVersion) throw preconditionFailed();
    await updateVersioned(tx, 'training_records', current.id, expectedVersion, { deleted_at: ctx.now() }, ctx.now());
    await writeAuditEvent(tx, ctx, {
      entityType: 'training_record',
      entityId: current.id,
      action: 'delete',
      changes: diffChanges(toTrainingRecord(current, utcDate(ctx.now())), null, trainingAuditIgnore),
      reason,
    });
  });
}
