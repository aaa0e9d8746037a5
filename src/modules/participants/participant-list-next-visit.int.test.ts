// @module-tag today
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { makeVisitParticipant, makeVisitWorld, type VisitWorld } from '../../../test/support/visit-factories.js';

let t: TestApp;
let w: VisitWorld;
let coordinator: Client;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeVisitWorld(t.database.db, t.clock.now());
  coordinator = client(t.app, w.coordinator.cookie);
});
afterAll(() => t.close());

const listed = async (participantId: string) => {
  const items = (await coordinator.get(`/api/participants?studySiteId=${w.studySite.id}&limit=200`)).json().items;
  return items.find((item: { id: string }) => item.id === participantId);
};

it('lists each participant with the next visit still scheduled, and moves on once it is done', async () => {
  const participant = await makeVisitParticipant(t.database.db, w, { consentedOn: w.day(-50), enrolledOn: w.day(-40) });
  const visits = (await coordinator.get(`/api/participants/${participant.id}/visits`)).json().items;
  const scheduled = visits
    .filter((v: { status: string }) => v.status === 'scheduled')
    .sort((a: { targetDate: string }, b: { targetDate: string }) => a.targetDate.localeCompare(b.targetDate));
  const [first, second] = scheduled;
  expect((await listed(participant.id)).nextVisit).toEqual({
    id: first.id,
    code: first.code,
    name: first.name,
    targetDate: first.targetDate,
    windowStart: first.windowStart,
    windowEnd: first.windowEnd,
  });

  const done = await coordinator.post(
    `/api/participant-visits/${first.id}/completion`,
    {
      actualDate: first.windowStart ?? first.targetDate,
      procedures: first.procedures.map((p: { code: string }) => ({ code: p.code, done: true })),
    },
    { 'if-match': `"${first.version}"` },
  );
  expect(done.statusCode).toBe(200);
  expect((await listed(participant.id)).nextVisit).toMatchObject({ id: second.id, code: second.code, targetDate: second.targetDate });
});

it('shows no next visit for a participant without a schedule', async () => {
  const screened = await coordinator.post(`/api/studies/${w.study.id}/sites/${w.studySite.id}/participants`, {});
  expect(screened.statusCode).toBe(201);
  expect((await listed(screened.json().id)).nextVisit).toBeNull();
});

it("stamps a new participant and its candidate with the request's clock, as their later updates are", async () => {
  // The test clock runs apart from the database's: a row stamped by the database would show.
  t.clock.advance(-3 * 24 * 60 * 60 * 1000);
  try {
    const candidate = await coordinator.post(`/api/studies/${w.study.id}/sites/${w.studySite.id}/prescreen-candidates`, {
      source: 'referral',
      prescreenedOn: w.day(-5),
    });
    expect(candidate.statusCode).toBe(201);
    const days = (iso: string) => (Date.now() - Date.parse(iso)) / (24 * 60 * 60 * 1000);
    expect(candidate.json().updatedAt).toBe(candidate.json().createdAt);
    expect(days(candidate.json().createdAt)).toBeGreaterThan(2.9);
    const screened = await coordinator.post(`/api/studies/${w.study.id}/sites/${w.studySite.id}/participants`, {});
    expect(screened.statusCode).toBe(201);
    const participant = screened.json().participant ?? screened.json();
    expect(participant.updatedAt).toBe(participant.createdAt);
    expect(days(participant.createdAt)).toBeGreaterThan(2.9);
  } finally {
    t.clock.advance(3 * 24 * 60 * 60 * 1000);
  }
});
