// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveIcf, makeIcfVersion } from '../../../test/support/protocol-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { makeVisitParticipant, makeVisitWorld, type VisitWorld } from '../../../test/support/visit-factories.js';
import type { Deviation, ParticipantVisit } from './visit.schemas.js';

let t: TestApp;
let w: VisitWorld;
let coordinator: Client;
let outsider: Client;
let participantId: string;

const day = (offset: number) => w.day(offset);
const visit = async (code: string) => {
  const items = ((await coordinator.get(`/api/participants/${participantId}/visits`)).json() as { items: ParticipantVisit[] }).items;
  const found = items.find((v) => v.code === code && v.kind !== 'unscheduled');
  if (!found) throw new Error(`no visit ${code}`);
  return found;
};
const preview = (visitId: string, actualDate: string, c = coordinator) =>
  c.get(`/api/participant-visits/${visitId}/completion-preview?actualDate=${actualDate}`);
const rowCount = async (table: 'protocol_deviations' | 'audit_events') =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  w = await makeVisitWorld(db, t.clock.now());
  coordinator = client(t.app, w.coordinator.cookie);
  participantId = (await makeVisitParticipant(db, w, { consentedOn: day(-50), enrolledOn: day(-40) })).id;
  const other = await makeVisitWorld(db, t.clock.now());
  outsider = client(t.app, other.coordinator.cookie);
});
afterAll(() => t.close());

describe('what completing a visit would record, asked before saving', () => {
  it('names the out-of-window deviation for a day outside the window, and none inside it', async () => {
    const w4 = await visit('W4');
    const inside = await preview(w4.id, day(-12));
    expect(inside.statusCode).toBe(200);
    expect(inside.json()).toEqual({ actualDate: day(-12), deviations: [] });
    const late = (await preview(w4.id, day(-7))).json();
    expect(late.deviations).toEqual([{ category: 'visit_out_of_window', description: expect.stringContaining('2 days late') }]);
  });

  it('warns of outstanding re-consent from its due day, says exactly what saving then records, and writes nothing', async () => {
    const icf2 = await makeIcfVersion(t.database.db, w.study.id, '2.0');
    await approveIcf(t.database.db, w.ids, icf2.id, day(-3), w.clock);
    const w4 = await visit('W4');
    expect((await preview(w4.id, day(-12))).json().deviations).toEqual([]);

    const before = { deviations: await rowCount('protocol_deviations'), audit: await rowCount('audit_events') };
    const foreseen = (await preview(w4.id, day(-2))).json().deviations;
    expect(foreseen.map((d: { category: string }) => d.category)).toEqual(['visit_out_of_window', 'superseded_consent']);
    expect(foreseen[1].description).toContain('consent form 2.0');
    expect(foreseen[1].description).toContain(`due from ${day(-3)}`);
    expect({ deviations: await rowCount('protocol_deviations'), audit: await rowCount('audit_events') }).toEqual(before);

    const done = await coordinator.post(
      `/api/participant-visits/${w4.id}/completion`,
      { actualDate: day(-2), procedures: w4.procedures.map((p) => ({ code: p.code, done: true })) },
      { 'if-match': `"${w4.version}"` },
    );
    expect(done.statusCode).toBe(200);
    const recorded = ((await coordinator.get(`/api/participants/${participantId}/deviations`)).json() as { items: Deviation[] }).items
      .filter((d) => d.sourceEntityId === w4.id)
      .map((d) => ({ category: d.category, description: d.description }));
    expect(recorded).toEqual(expect.arrayContaining(foreseen));
    expect(recorded).toHaveLength(foreseen.length);
  });

  it("answers problem+json naming the field for a bad day, and 404 outside the caller's sites", async () => {
    const w12 = await visit('W12');
    const bad = await preview(w12.id, '2026-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.json())).toContain('actualDate');
    expect((await preview(w12.id, day(0), outsider)).statusCode).toBe(404);
  });
});
