import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, forbidden, notFound, preconditionFailed } from '../../platform/errors.js';
import { canAtStudySite, lockParticipant } from '../participants/participant-access.repo.js';
import { appointmentChanges } from './book-visit.js';
import { findVisibleVisit, unsafeLoadVisit, unsafeLockVisit, unsafeUpdateVisit } from './visit.repo.js';
import type { ParticipantVisit } from './visit.schemas.js';

/**
 * Cancels a scheduled visit's booking (If-Match): the visit stays planned in its window, with no
 * time, room or staff member. A completed visit keeps the booking it had, as a record.
 */
export async function cancelVisitBooking(
  db: Kysely<DB>,
  ctx: RequestContext,
  visitId: string,
  expectedVersion: number,
  reason?: string | null,
): Promise<ParticipantVisit> {
  return db.transaction().execute(async (tx) => {
    const found = await findVisibleVisit(tx, ctx, visitId);
    if (!found) throw notFound('visit');
    if (!canAtStudySite(ctx, 'participant.write', found.visible.studySite)) throw forbidden();
    if (!(await lockParticipant(tx, ctx, found.visit.participant_id))) throw notFound('visit');
    const visit = await unsafeLockVisit(tx, visitId);
    if (visit.version !== expectedVersion) throw preconditionFailed();
    if (visit.status !== 'scheduled') throw conflict(`Visit ${visit.code} is ${visit.status}: its booking is kept as a record.`);
    if (!visit.appointment_starts_at) throw conflict(`Visit ${visit.code} is not booked.`);
    const columns = { appointment_starts_at: null, appointment_ends_at: null, appointment_room: null, appointment_staff_person_id: null };
    await unsafeUpdateVisit(tx, visit, columns, ctx.now());
    await writeAuditEvent(tx, ctx, {
      entityType: 'participant_visit',
      entityId: visit.id,
      action: 'update',
      changes: appointmentChanges(visit, columns),
      reason: reason ?? undefined,
    });
    return unsafeLoadVisit(tx, visit.id);
  });
}
