import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { canAtStudySite, lockParticipant } from '../participants/participant-access.repo.js';
import { insertEvent, unsafeLoadEvent } from './adverse-event.repo.js';
import { openSaeReport } from './open-sae-report.js';
import type { AdverseEvent, AdverseEventInput } from './safety.schemas.js';
import { eventColumns, validateAdverseEvent } from './validate-adverse-event.js';

/** The site records an adverse event; a serious one opens its SAE report in the same transaction. */
export async function recordAdverseEvent(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  input: AdverseEventInput,
): Promise<AdverseEvent> {
  return db.transaction().execute(async (tx) => {
    const visible = await lockParticipant(tx, ctx, participantId);
    if (!visible || !canAtStudySite(ctx, 'ae.read', visible.studySite)) throw notFound('participant');
    if (!canAtStudySite(ctx, 'ae.write', visible.studySite)) throw forbidden();
    await validateAdverseEvent(tx, visible, input, { opensReport: input.serious, now: ctx.now() });
    const { participant } = visible;
    const columns = eventColumns(input);
    const id = await insertEvent(tx, {
      ...columns,
      study_id: participant.study_id,
      study_site_id: participant.study_site_id,
      participant_id: participant.id,
      created_by_user_id: actorUserId(ctx.actor),
      created_at: ctx.now(),
      updated_at: ctx.now(),
    });
    const created = await unsafeLoadEvent(tx, id);
    await writeAuditEvent(tx, ctx, { entityType: 'adverse_event', entityId: id, action: 'create', changes: diffChanges(null, created) });
    if (input.serious && input.siteAwareAt) {
      await openSaeReport(tx, ctx, { id, participant }, new Date(input.siteAwareAt), input.narrative ?? '');
      return unsafeLoadEvent(tx, id);
    }
    return created;
  });
}
