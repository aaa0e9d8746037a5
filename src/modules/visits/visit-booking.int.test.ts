// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../test/support/problems.js';
import { makeStaffMember } from '../../../test/support/start-up-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { makeVisitParticipant, makeVisitWorld, type VisitWorld } from '../../../test/support/visit-factories.js';
import { instantAtLocal } from '../../platform/dates.js';
import type { ParticipantVisit, VisitBooking } from './visit.schemas.js';

// Every day below is counted from the site's today in its zone (America/Chicago, set by the
// tenant factory), and every booked time is a wall-clock time there, so the file holds on any day.
let t: TestApp;
let w: VisitWorld;
let coordinator: Client;
let cra: Client;
let outsider: Client;
let first: string;
let second: string;
let staffA: { personId: string };
let staffB: { personId: string };

const day = (offset: number) => w.day(offset);
const visitsOf = async (id: string) =>
  ((await coordinator.get(`/api/participants/${id}/visits`)).json() as { items: ParticipantVisit[] }).items;
const visit = async (participantId: string, code: string) => {
  const found = (await visitsOf(participantId)).find((v) => v.code === code);
  if (!found) throw new Error(`no visit ${code}`);
  return found;
};
const book = (v: ParticipantVisit, body: Record<string, unknown>, as = coordinator) =>
  as.put(`/api/participant-visits/${v.id}/appointment`, body, { 'if-match': `"${v.version}"` });
const audits = (entityId: string) =>
  t.database.db.selectFrom('audit_events').selectAll().where('entity_id', '=', entityId).orderBy('seq').execute();

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  w = await makeVisitWorld(db, t.clock.now());
  coordinator = client(t.app, w.coordinator.cookie);
  cra = client(t.app, w.cra.cookie);
  first = (await makeVisitParticipant(db, w, { consentedOn: day(-50), enrolledOn: day(-40) })).id;
  second = (await makeVisitParticipant(db, w, { consentedOn: day(-50), enrolledOn: day(-40) })).id;
  await db.updateTable('participants').set({ coordinator_user_id: w.coordinator.user.id }).where('id', '=', first).execute();
  staffA = await makeStaffMember(db, w.site.id, 'sub_investigator', 'Dr. Ada Booker');
  staffB = await makeStaffMember(db, w.site.id, 'study_coordinator', 'Sam Second');
  const other = await makeVisitWorld(db, t.clock.now());
  outsider = client(t.app, other.coordinator.cookie);
});
afterAll(() => t.close());

describe('booking a visit for a time, room and staff member', () => {
  it('books follow-up within its window, in the site zone, with the staff member named, audited', async () => {
    const fu = await visit(first, 'FU');
    expect(fu).toMatchObject({ windowStart: day(65), windowEnd: day(86), appointment: null, siteTimeZone: 'America/Chicago' });
    const res = await book(fu, { startsAt: `${day(70)}T09:30`, durationMinutes: 45, room: 'Exam room 2', staffPersonId: staffA.personId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe(`"${fu.version + 1}"`);
    const booking = res.json() as VisitBooking;
    const startsAt = instantAtLocal(`${day(70)}T09:30`, 'America/Chicago') as Date;
    expect(booking.visit.appointment).toEqual({
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString(),
      timeZone: 'America/Chicago',
      localStart: `${day(70)}T09:30`,
      localEnd: `${day(70)}T10:15`,
      room: 'Exam room 2',
      staffPersonId: staffA.personId,
      staffName: 'Dr. Ada Booker',
    });
    expect(booking.conflicts).toEqual([]);
    // Dr. Booker is on the site's staff but on no delegation log of the study: a warning in words.
    expect(booking.warnings).toEqual([expect.stringContaining('Dr. Ada Booker is not on this study')]);

    const rows = await audits(fu.id);
    const last = rows.at(-1);
    expect(last).toMatchObject({ entity_type: 'participant_visit', action: 'update', actor_user_id: w.coordinator.user.id });
    expect(last?.changes).toEqual([
      { field: 'appointmentStartsAt', old: null, new: startsAt.toISOString() },
      { field: 'appointmentEndsAt', old: null, new: new Date(startsAt.getTime() + 45 * 60_000).toISOString() },
      { field: 'appointmentRoom', old: null, new: 'Exam room 2' },
      { field: 'appointmentStaffPersonId', old: null, new: staffA.personId },
    ]);
  });

  it('refuses a day outside the window, a malformed time, someone not on the staff, with problems naming the field', async () => {
    const eos = await visit(first, 'EOS');
    const body = { durationMinutes: 30, staffPersonId: staffA.personId };
    const late = await book(eos, { ...body, startsAt: `${day(400)}T09:00` });
    expectProblem(late, 400, ['/startsAt']);
    const early = await book(eos, { ...body, startsAt: `${day(1)}T09:00` });
    expect(expectProblem(early, 400, ['/startsAt']).detail).toContain(`Outside the visit's window, ${eos.windowStart} to ${eos.windowEnd}`);
    const stranger = await book(eos, { ...body, startsAt: `${eos.windowStart}T09:00`, staffPersonId: w.coordinator.user.id });
    expectProblem(stranger, 400, ['/staffPersonId']);
    const malformed = await book(eos, { ...body, startsAt: `${eos.windowStart} 9am`, durationMinutes: 1 });
    expectProblem(malformed, 400, ['/startsAt', '/durationMinutes']);
    expect(await visit(first, 'EOS')).toMatchObject({ version: eos.version, appointment: null });
  });

  it('refuses a double booking of the staff member or the room with the list, and books it anyway when asked', async () => {
    const theirs = await visit(second, 'FU');
    const overlapping = { startsAt: `${day(70)}T10:00`, durationMinutes: 30, room: 'exam ROOM 2', staffPersonId: staffA.personId };
    const refused = await book(theirs, overlapping);
    const problem = expectProblem(refused, 409, ['/staffPersonId', '/room']);
    expect(problem.detail).toContain('The staff member is already booked for');
    expect(problem.detail).toContain(`${day(70)} 09:30 to 10:15 (America/Chicago)`);
    expect(await visit(second, 'FU')).toMatchObject({ appointment: null, version: theirs.version });

    // Another person in another room at the same time is no conflict; nor is the same person right after.
    const free = await book(theirs, { ...overlapping, room: 'Exam room 3', staffPersonId: staffB.personId });
    expect(free.statusCode, free.body).toBe(200);
    expect(free.json().conflicts).toEqual([]);
    const moved = free.json().visit as ParticipantVisit;
    const after = await book(moved, { ...overlapping, startsAt: `${day(70)}T10:15`, room: null });
    expect(after.json().conflicts).toEqual([]);

    const anyway = await book(after.json().visit, { ...overlapping, allowConflicts: true });
    expect(anyway.statusCode, anyway.body).toBe(200);
    const booking = anyway.json() as VisitBooking;
    expect(booking.conflicts.map((c) => c.on).sort()).toEqual(['room', 'staff']);
    expect(booking.conflicts[0]).toMatchObject({ localStart: `${day(70)}T09:30`, localEnd: `${day(70)}T10:15` });
    const last = (await audits(theirs.id)).at(-1);
    expect(last?.reason).toContain('Booked despite overlapping bookings');
  });

  it('is scoped, versioned and for site staff only: 404 elsewhere, 403 read-only, 412 stale', async () => {
    const w12 = await visit(first, 'W12');
    const body = { startsAt: `${w12.windowEnd}T14:00`, durationMinutes: 30, staffPersonId: staffB.personId };
    expectProblem(await book(w12, body, outsider), 404);
    expectProblem(await book(w12, body, cra), 403);
    expectProblem(await coordinator.put(`/api/participant-visits/${w12.id}/appointment`, body, { 'if-match': '"99"' }), 412);
    expect(await visit(first, 'W12')).toMatchObject({ appointment: null, version: w12.version });
  });

  it('cancels a booking (audited), and refuses to book a visit that is not scheduled', async () => {
    const fu = await visit(second, 'FU');
    expect(fu.appointment).not.toBeNull();
    const cancelled = await coordinator.delete(`/api/participant-visits/${fu.id}/appointment`, { 'if-match': `"${fu.version}"` });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ appointment: null, version: fu.version + 1 });
    expect((await audits(fu.id)).at(-1)?.changes).toEqual(
      expect.arrayContaining([{ field: 'appointmentStaffPersonId', old: staffA.personId, new: null }]),
    );
    const again = await coordinator.delete(`/api/participant-visits/${fu.id}/appointment`, { 'if-match': `"${fu.version + 1}"` });
    expectProblem(again, 409);

    const bl = await visit(second, 'BL');
    await t.database.db.updateTable('participant_visits').set({ status: 'missed' }).where('id', '=', bl.id).execute();
    expectProblem(await book(bl, { startsAt: `${day(1)}T09:00`, durationMinutes: 30, staffPersonId: staffB.personId }), 409);
  });
});

describe('booked visits on the calendars', () => {
  it('shows the time in the site zone, the room and the staff member in the site calendar', async () => {
    const res = await coordinator.get(`/api/sites/${w.site.id}/calendar?from=${day(70)}&to=${day(70)}`);
    expect(res.statusCode, res.body).toBe(200);
    const booked = res.json().items.find((i: { appointment: unknown }) => i.appointment);
    expect(booked).toMatchObject({
      code: 'FU',
      timeZone: 'America/Chicago',
      appointment: { localStart: `${day(70)}T09:30`, localEnd: `${day(70)}T10:15`, room: 'Exam room 2', staffName: 'Dr. Ada Booker' },
    });
  });

  it('emits a timed event with the room and staff member in the iCalendar feed, all-day events for the rest', async () => {
    const feed = (await coordinator.post('/api/calendar/feeds')).json();
    const res = await client(t.app).get(feed.url);
    expect(res.statusCode).toBe(200);
    const text = res.body.replace(/\r\n[ \t]/g, '');
    const events = text.split('BEGIN:VEVENT').slice(1);
    const fu = await visit(first, 'FU');
    const booked = events.find((e) => e.includes(`visit-${fu.id}@trialdesk`)) ?? '';
    const startsAt = instantAtLocal(`${day(70)}T09:30`, 'America/Chicago') as Date;
    const stamp = (d: Date) =>
      d
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    expect(booked).toContain(`DTSTART:${stamp(startsAt)}`);
    expect(booked).toContain(`DTEND:${stamp(new Date(startsAt.getTime() + 45 * 60_000))}`);
    expect(booked).toContain('LOCATION:Exam room 2');
    expect(booked).toContain('With: Dr. Ada Booker');
    expect(booked).toContain(`Booked: ${day(70)} 09:30 to 10:15 (America/Chicago)`);
    const w12 = await visit(first, 'W12');
    const allDay = events.find((e) => e.includes(`visit-${w12.id}@trialdesk`)) ?? '';
    expect(allDay).toContain(`DTSTART;VALUE=DATE:${(w12.targetDate ?? '').replace(/-/g, '')}`);
  });
});
