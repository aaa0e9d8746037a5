import type { Kysely } from 'kysely';
import type { FieldChange } from '../../platform/audit/audit-events.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { instantAtLocal, localDateTime } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantVisitRow } from '../../platform/db/schema-participants.js';
import { conflict, type FieldError, forbidden, invalid, notFound, preconditionFailed } from '../../platform/errors.js';
import { canAtStudySite, lockParticipant } from '../participants/participant-access.repo.js';
import { listActiveStaff } from '../people/person.repo.js';
import { findBookingConflicts } from './appointment.repo.js';
import { bookingDelegationWarnings } from './booking-delegation.js';
import { findVisibleVisit, unsafeLoadVisit, unsafeLockVisit, unsafeUpdateVisit } from './visit.repo.js';
import type { BookingConflict, BookVisit, VisitBooking } from './visit.schemas.js';

const minuteMs = 60_000;

export function describeConflict(conflict: BookingConflict, timeZone: string): string {
  const what = conflict.on === 'staff' ? 'The staff member is already booked' : 'The room is already booked';
  return `${what} for ${conflict.label} from ${conflict.localStart.replace('T', ' ')} to ${conflict.localEnd.slice(11)} (${timeZone}).`;
}

/**
 * Books a scheduled visit (If-Match): a time at the site, on a day within the visit's window, a
 * room, and the staff member who will see the participant; booking again moves it. A time that
 * overlaps another booking of the same person or room is refused with the list, unless the
 * coordinator books it anyway (allowConflicts): then the list is in the answer and the audit
 * trail. A staff member not validly delegated that day is a warning, not a refusal.
 */
export async function bookVisit(
  db: Kysely<DB>,
  ctx: RequestContext,
  visitId: string,
  expectedVersion: number,
  input: BookVisit,
): Promise<VisitBooking> {
  return db.transaction().execute(async (tx) => {
    const found = await findVisibleVisit(tx, ctx, visitId);
    if (!found) throw notFound('visit');
    const { studySite } = found.visible;
    if (!canAtStudySite(ctx, 'participant.write', studySite)) throw forbidden();
    // Participant first, then the visit: the lock order of completion, so the two never deadlock.
    if (!(await lockParticipant(tx, ctx, found.visit.participant_id))) throw notFound('visit');
    const visit = await unsafeLockVisit(tx, visitId);
    if (visit.version !== expectedVersion) throw preconditionFailed();
    if (visit.status !== 'scheduled') throw conflict(`Visit ${visit.code} is ${visit.status}: only a scheduled visit can be booked.`);

    const timeZone = studySite.time_zone;
    const firstDay = visit.window_start ?? visit.target_date;
    const lastDay = visit.window_end ?? visit.target_date;
    const day = input.startsAt.slice(0, 10);
    const startsAt = instantAtLocal(input.startsAt, timeZone);
    const errors: FieldError[] = [];
    if (!startsAt)
      errors.push({
        pointer: '/startsAt',
        detail: `${input.startsAt.replace('T', ' ')} does not exist in ${timeZone}: the clocks skip it.`,
      });
    else if (startsAt.getTime() < ctx.now().getTime())
      errors.push({
        pointer: '/startsAt',
        detail: `In the past: it is ${localDateTime(ctx.now(), timeZone).replace('T', ' ')} at the site (${timeZone}).`,
      });
    if (!firstDay || !lastDay) throw conflict(`Visit ${visit.code} has no window to book within.`);
    if (day < firstDay || day > lastDay)
      errors.push({
        pointer: '/startsAt',
        detail: `Outside the visit's window, ${firstDay} to ${lastDay} (days at the site, ${timeZone}).`,
      });
    const [staff] = await listActiveStaff(tx, ctx, [studySite.site_id], day, input.staffPersonId);
    if (!staff) errors.push({ pointer: '/staffPersonId', detail: `Not on the staff of ${studySite.site_name} on ${day}.` });
    if (errors.length > 0 || !startsAt || !staff) throw invalid(errors, errors[0]?.detail);

    const endsAt = new Date(startsAt.getTime() + input.durationMinutes * minuteMs);
    const room = input.room ?? null;
    const conflicts = await findBookingConflicts(tx, ctx, {
      visitId,
      siteId: studySite.site_id,
      timeZone,
      staffPersonId: staff.person_id,
      room,
      startsAt,
      endsAt,
    });
    const conflictTexts = conflicts.map((c) => describeConflict(c, timeZone));
    if (conflicts.length > 0 && !input.allowConflicts) {
      throw conflict(
        `${conflictTexts.join(' ')} Choose another time, person or room, or book anyway.`,
        conflicts.map((c, index) => ({ pointer: c.on === 'staff' ? '/staffPersonId' : '/room', detail: conflictTexts[index] ?? '' })),
      );
    }
    const warnings = await bookingDelegationWarnings(tx, {
      studySiteId: studySite.id,
      personId: staff.person_id,
      personName: staff.full_name,
      on: day,
    });

    const columns = {
      appointment_starts_at: startsAt,
      appointment_ends_at: endsAt,
      appointment_room: room,
      appointment_staff_person_id: staff.person_id,
    };
    await unsafeUpdateVisit(tx, visit, columns, ctx.now());
    await writeAuditEvent(tx, ctx, {
      entityType: 'participant_visit',
      entityId: visit.id,
      action: 'update',
      changes: appointmentChanges(visit, columns),
      // 21 CFR 11.10(e): a double booking made on purpose says so where the change is recorded.
      reason: conflicts.length > 0 ? `Booked despite overlapping bookings: ${conflictTexts.join(' ')}` : undefined,
    });
    return { visit: await unsafeLoadVisit(tx, visit.id), conflicts, warnings };
  });
}

type AppointmentColumns = Pick<
  ParticipantVisitRow,
  'appointment_starts_at' | 'appointment_ends_at' | 'appointment_room' | 'appointment_staff_person_id'
>;

const instant = (value: Date | null) => (value ? value.toISOString() : null);

/** The booking's fields that change, old and new (instants in UTC, as the audit trail keeps time). */
export function appointmentChanges(before: AppointmentColumns, after: AppointmentColumns): FieldChange[] {
  const pairs: [string, string | null, string | null][] = [
    ['appointmentStartsAt', instant(before.appointment_starts_at), instant(after.appointment_starts_at)],
    ['appointmentEndsAt', instant(before.appointment_ends_at), instant(after.appointment_ends_at)],
    ['appointmentRoom', before.appointment_room, after.appointment_room],
    ['appointmentStaffPersonId', before.appointment_staff_person_id, after.appointment_staff_person_id],
  ];
  return pairs.filter(([, old, next]) => old !== next).map(([field, old, next]) => ({ field, old, new: next }));
}
