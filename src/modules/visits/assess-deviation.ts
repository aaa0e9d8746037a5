import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { forbidden, notFound, preconditionFailed } from '../../platform/errors.js';
import { canAtStudySite } from '../participants/participant-access.repo.js';
import { findVisibleDeviationRow, unsafeLoadDeviation } from './deviation.repo.js';
import type { AssessDeviation, Deviation } from './visit.schemas.js';

/**
 * A person judges a deviation: important ones may affect data reliability or participant safety
 * (ICH E3(R1) Q&A, ICH E6(R3) Appendix C). A later assessment replaces the earlier, audited.
 */
export async function assessDeviation(
  db: Kysely<DB>,
  ctx: RequestContext,
  deviationId: string,
  expectedVersion: number,
  input: AssessDeviation,
): Promise<Deviation> {
  return db.transaction().execute(async (tx) => {
    const found = await findVisibleDeviationRow(tx, ctx, deviationId, { lock: true });
    if (!found) throw notFound('deviation');
    const { row, studySite } = found;
    if (!canAtStudySite(ctx, 'deviation.assess', studySite)) throw forbidden();
    if (row.version !== expectedVersion) throw preconditionFailed();
    await updateVersioned(
      tx,
      'protocol_deviations',
      row.id,
      row.version,
      {
        status: 'assessed',
        importance: input.importance,
        assessment: input.assessment,
        assessed_by_user_id: actorUserId(ctx.actor),
        assessed_at: ctx.now(),
      },
      ctx.now(),
    );
    await writeAuditEvent(tx, ctx, {
      entityType: 'protocol_deviation',
      entityId: row.id,
      action: 'status_change',
      changes: [
        { field: 'status', old: row.status, new: 'assessed' },
        { field: 'importance', old: row.importance, new: input.importance },
        { field: 'assessment', old: row.assessment, new: input.assessment },
      ],
    });
    return unsafeLoadDeviation(tx, row.id);
  });
}
