import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, forbidden, invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { canAtStudySite } from '../participants/participant-access.repo.js';
import { reloadReportView } from './report-view.js';
import { findClockRow, findVisibleReportRow, updateClockMet } from './sae-report.repo.js';
import type { SaeReport } from './safety.schemas.js';

/** The sponsor records that a regulatory submission was made (If-Match on the clock's version). */
export async function markClockMet(
  db: Kysely<DB>,
  ctx: RequestContext,
  clockId: string,
  expectedVersion: number,
  input: { submissionReference: string; metAt?: string | undefined },
): Promise<SaeReport> {
  return db.transaction().execute(async (tx) => {
    const clock = await findClockRow(tx, clockId, { lock: true });
    const found = clock && (await findVisibleReportRow(tx, ctx, clock.report_id));
    if (!clock || !found) throw notFound('clock');
    if (!canAtStudySite(ctx, 'sae.assess', found.studySite)) throw forbidden();
    if (clock.version !== expectedVersion) throw preconditionFailed();
    if (clock.met_at) throw conflict('The submission was recorded already.', [{ pointer: '/metAt', detail: 'Met already.' }]);
    const now = ctx.now();
    const metAt = input.metAt ? new Date(input.metAt) : now;
    if (metAt > now) throw invalidField('/metAt', 'The submission time cannot be in the future.');
    if (found.row.sponsor_aware_at && metAt < new Date(found.row.sponsor_aware_at))
      throw invalidField('/metAt', 'The submission cannot be before the sponsor learned of the report.');
    const values = { met_at: metAt, met_by_user_id: actorUserId(ctx.actor), submission_reference: input.submissionReference };
    if (!(await updateClockMet(tx, clock, values, now))) throw preconditionFailed();
    await writeAuditEvent(tx, ctx, {
      entityType: 'sae_regulatory_clock',
      entityId: clock.id,
      action: 'status_change',
      changes: [
        { field: 'metAt', old: null, new: metAt.toISOString() },
        { field: 'submissionReference', old: null, new: input.submissionReference },
      ],
    });
    return reloadReportView(tx, ctx, clock.report_id);
  });
}
