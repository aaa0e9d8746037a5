import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { forbidden, invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { canAtStudySite, lockParticipant } from '../participants/participant-access.repo.js';
import { findVisibleEventRow, unsafeLoadEvent } from './adverse-event.repo.js';
import { openSaeReport } from './open-sae-report.js';
import { findReportOfEvent } from './sae-report.repo.js';
import type { AdverseEvent, AdverseEventInput } from './safety.schemas.js';
import { eventColumns, validateAdverseEvent } from './validate-adverse-event.js';

/**
 * The site corrects or completes an event (If-Match). Marking it serious opens its SAE report;
 * an event with a report stays serious (the report is the record of what was told the sponsor:
 * a follow-up says it was not serious after all).
 */
export async function updateAdverseEvent(
  db: Kysely<DB>,
  ctx: RequestContext,
  eventId: string,
  expectedVersion: number,
  input: AdverseEventInput,
): Promise<AdverseEvent> {
  return db.transaction().execute(async (tx) => {
    const found = await findVisibleEventRow(tx, ctx, eventId);
    if (!found) throw notFound('adverse event');
    const visible = await lockParticipant(tx, ctx, found.row.participant_id);
    if (!visible) throw notFound('adverse event');
    if (!canAtStudySite(ctx, 'ae.write', visible.studySite)) throw forbidden();
    const report = await findReportOfEvent(tx, eventId);
    if (report && !input.serious)
      throw invalidField('/serious', 'The event has an SAE report: it stays serious; say otherwise in a follow-up of the report.');
    const opensReport = input.serious && !report;
    await validateAdverseEvent(tx, visible, input, { opensReport, now: ctx.now() });
    const before = await unsafeLoadEvent(tx, eventId);
    if (before.version !== expectedVersion) throw preconditionFailed();
    await updateVersioned(tx, 'adverse_events', eventId, expectedVersion, eventColumns(input), ctx.now());
    const after = await unsafeLoadEvent(tx, eventId);
    const changes = diffChanges(before, after, ['version', 'createdAt', 'updatedAt', 'saeReportId']);
    if (changes.length > 0) await writeAuditEvent(tx, ctx, { entityType: 'adverse_event', entityId: eventId, action: 'update', changes });
    if (opensReport && input.siteAwareAt) {
      await openSaeReport(tx, ctx, { id: eventId, participant: visible.participant }, new Date(input.siteAwareAt), input.narrative ?? '');
      return unsafeLoadEvent(tx, eventId);
    }
    return after;
  });
}
