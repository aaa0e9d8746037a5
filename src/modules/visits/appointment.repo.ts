import { type Kysely, sql } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { localDateTime } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantVisitRow } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
import { studySiteIdIn } from '../participants/participant-access.repo.js';
import type { Appointment, BookingConflict } from './visit.schemas.js';

/**
 * What visits show of where they happen: each study-site's time zone, and the names of the
 * staff members booked. Read for visits the caller reached through the gateway.
 */
export async function visitPlaces(db: Kysely<DB>, rows: ParticipantVisitRow[]) {
  const studySiteIds = [...new Set(rows.map((r) => r.study_site_id))];
  const staffIds = [...new Set(rows.flatMap((r) => (r.appointment_staff_person_id ? [r.appointment_staff_person_id] : [])))];
  const zones = await db
    .selectFrom('study_sites')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .select(['study_sites.id', 'sites.time_zone'])
    .where('study_sites.id', 'in', studySiteIds)
    .execute();
  const names = staffIds.length ? await db.selectFrom('people').select(['id', 'full_name']).where('id', 'in', staffIds).execute() : [];
  return {
    timeZoneOf: new Map(zones.map((z) => [z.id, z.time_zone])),
    nameOf: new Map(names.map((n) => [n.id, n.full_name])),
  };
}

/** A visit's booking as the API shows it, in the site's zone; null when not booked. */
export function toAppointment(row: ParticipantVisitRow, timeZone: string, staffName: string | undefined): Appointment | null {
  if (!row.appointment_starts_at || !row.appointment_ends_at || !row.appointment_staff_person_id) return null;
  return {
    startsAt: iso(row.appointment_starts_at),
    endsAt: iso(row.appointment_ends_at),
    timeZone,
    localStart: localDateTime(row.appointment_starts_at, timeZone),
    localEnd: localDateTime(row.appointment_ends_at, timeZone),
    room: row.appointment_room,
    staffPersonId: row.appointment_staff_person_id,
    staffName: staffName ?? '',
  };
}

export interface BookingSlot {
  visitId: string;
  siteId: string;
  timeZone: string;
  staffPersonId: string;
  room: string | null;
  startsAt: Date;
  endsAt: Date;
}

/**
 * Scheduled visits booked at overlapping times with the same staff member (at any site: a
 * person is in one place at a time) or in the same room of the site (rooms compared without
 * case). Read across every study, or a double booking with another sponsor's visit would pass
 * unseen; those the caller may not read are named only as another study's visit.
 */
export async function findBookingConflicts(db: Kysely<DB>, ctx: RequestContext, slot: BookingSlot): Promise<BookingConflict[]> {
  const rows = await db
    .selectFrom('participant_visits as pv')
    .innerJoin('participants as p', 'p.id', 'pv.participant_id')
    .innerJoin('study_sites as ss', 'ss.id', 'pv.study_site_id')
    .select([
      'pv.id',
      'pv.code',
      'p.subject_number',
      'pv.appointment_starts_at',
      'pv.appointment_ends_at',
      'pv.appointment_staff_person_id',
      'pv.appointment_room',
      'ss.site_id',
      studySiteIdIn(ctx, 'pv.study_site_id').as('visible'),
    ])
    .where('pv.id', '<>', slot.visitId)
    .where('pv.status', '=', 'scheduled')
    .where('pv.appointment_starts_at', '<', slot.endsAt)
    .where('pv.appointment_ends_at', '>', slot.startsAt)
    .where((eb) =>
      eb.or([
        eb('pv.appointment_staff_person_id', '=', slot.staffPersonId),
        ...(slot.room
          ? [eb.and([eb('ss.site_id', '=', slot.siteId), eb(sql`lower(pv.appointment_room)`, '=', slot.room.toLowerCase())])]
          : []),
      ]),
    )
    .orderBy('pv.appointment_starts_at')
    .orderBy('pv.id')
    .execute();
  return rows.flatMap((row) => {
    const startsAt = row.appointment_starts_at as Date;
    const endsAt = row.appointment_ends_at as Date;
    const base = {
      visitId: row.visible ? row.id : null,
      label: row.visible ? `${row.subject_number} · ${row.code}` : 'A visit of another study',
      startsAt: iso(startsAt),
      endsAt: iso(endsAt),
      localStart: localDateTime(startsAt, slot.timeZone),
      localEnd: localDateTime(endsAt, slot.timeZone),
    };
    const sameRoom = slot.room !== null && row.site_id === slot.siteId && row.appointment_room?.toLowerCase() === slot.room.toLowerCase();
    return [
      ...(row.appointment_staff_person_id === slot.staffPersonId ? [{ on: 'staff' as const, ...base }] : []),
      ...(sameRoom ? [{ on: 'room' as const, ...base }] : []),
    ];
  });
}
