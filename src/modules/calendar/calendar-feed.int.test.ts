// @module-tag today
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAllocation, insertParticipant, insertVisit } from '../../../test/support/calendar-factories.js';
import { makeTenant, makeUser, type Tenant, type TestUser } from '../../../test/support/factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { addDays, utcDate } from '../../platform/dates.js';

let t: TestApp;
let a: Tenant;
let owner: TestUser;
let api: Client;
let colleague: Client;
let anonymous: Client;
let subjectNumber: string;
const visits: Record<string, string> = {};
const day = (offset: number) => addDays(utcDate(t.clock.now()), offset);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  a = await makeTenant(db);
  await db.updateTable('studies').set({ short_name: 'AURORA' }).where('id', '=', a.study.id).execute();
  owner = await makeUser(db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }], t.clock.now());
  api = client(t.app, owner.cookie);
  colleague = client(
    t.app,
    (await makeUser(db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }], t.clock.now())).cookie,
  );
  anonymous = client(t.app);

  const participant = await insertParticipant(db, {
    studyId: a.study.id,
    studySiteId: a.studySite.id,
    subjectNumber: '101-003',
    coordinatorUserId: owner.user.id,
    screenedOn: day(-60),
    identityName: 'Zebulon Quixotic-Namesake',
  });
  subjectNumber = participant.subjectNumber;
  await insertAllocation(db, a.study.id, participant.id, 'ZZARM-SECRET');
  const at = { id: participant.id, studySiteId: a.studySite.id };
  visits.week4 = await insertVisit(db, at, { code: 'V3', name: 'Week 4', targetDate: day(5), windowStart: day(2), windowEnd: day(8) });
  visits.recent = await insertVisit(db, at, { code: 'V2', name: 'Week 2', targetDate: day(-20) });
  visits.completed = await insertVisit(db, at, {
    code: 'V1',
    name: 'Baseline',
    targetDate: day(-25),
    status: 'completed',
    actualDate: day(-25),
  });
  visits.tooOld = await insertVisit(db, at, { code: 'SCR', name: 'Screening', targetDate: day(-45) });
  visits.tooFar = await insertVisit(db, at, { code: 'V9', name: 'Week 52', targetDate: day(200) });
});
afterAll(() => t.close());

/** iCalendar folds lines at 75 octets (RFC 5545 3.1): unfold before reading. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');
const tokenOf = (url: string) => url.replace(/^\/ical\//, '').replace(/\.ics$/, '');

async function history(entityId: string, as = api) {
  const response = await as.get(`/api/audit?entityType=calendar_feed&entityId=${entityId}`);
  return response.statusCode === 200 ? (response.json().items as { action: string; changes: unknown[] }[]) : [];
}

describe('an iCalendar feed', () => {
  it('is created with a secret URL shown once; only its hash is stored', async () => {
    const created = await api.post('/api/calendar/feeds');
    expect(created.statusCode).toBe(201);
    const feed = created.json();
    expect(feed.url).toMatch(/^\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(feed.revokedAt).toBeNull();
    const row = await t.database.db.selectFrom('calendar_feeds').selectAll().where('id', '=', feed.id).executeTakeFirstOrThrow();
    expect(row.user_id).toBe(owner.user.id);
    expect(row.token_sha256).toBe(createHash('sha256').update(tokenOf(feed.url)).digest('hex'));

    const listed = (await api.get('/api/calendar/feeds')).json().items;
    expect(listed).toEqual([{ id: feed.id, createdAt: feed.createdAt, revokedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(tokenOf(feed.url));
    expect((await colleague.get('/api/calendar/feeds')).json().items).toEqual([]);

    const events = await history(feed.id);
    expect(events.map((event) => event.action)).toEqual(['create']);
    expect(JSON.stringify(events)).not.toContain(tokenOf(feed.url));
  });

  it('is never kept for a replay: a retry under the same Idempotency-Key opens a new feed', async () => {
    const key = { 'idempotency-key': `feed-${randomUUID()}` };
    const first = await api.post('/api/calendar/feeds', {}, key);
    expect(first.statusCode).toBe(201);
    expect(first.headers['cache-control']).toBe('private, no-store');
    const retried = await api.post('/api/calendar/feeds', {}, key);
    expect(retried.statusCode).toBe(201);
    expect(retried.json().url).not.toBe(first.json().url);
    const stored = await t.database.db.selectFrom('idempotency_keys').select('key').where('key', '=', key['idempotency-key']).execute();
    expect(stored).toEqual([]);
  });

  it('serves scheduled visits with subject numbers, windows and stable UIDs, and no names or arms', async () => {
    const { url } = (await api.post('/api/calendar/feeds')).json();
    const response = await anonymous.get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/calendar/);
    expect(response.headers['cache-control']).toContain('no-store');
    const text = unfold(response.body);
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text).toContain(`SUMMARY:${subjectNumber} · AURORA · V3 Week 4`);
    expect(text).toContain(`UID:visit-${visits.week4}@trialdesk`);
    expect(text).toContain(`DTSTART;VALUE=DATE:${day(5).replaceAll('-', '')}`);
    expect(text).toContain(`Window: ${day(2)} to ${day(8)}`);
    expect(text).toContain(`UID:visit-${visits.recent}@trialdesk`);
    for (const absent of [visits.completed, visits.tooOld, visits.tooFar]) expect(text).not.toContain(`visit-${absent}`);
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    for (const secret of ['Zebulon', 'Quixotic', 'pat@example.org', '555 0100', 'ZZARM-SECRET']) expect(text).not.toContain(secret);
    // The same visit keeps its UID from one poll to the next.
    expect(unfold((await anonymous.get(url)).body)).toContain(`UID:visit-${visits.week4}@trialdesk`);
  });

  it('answers 404 for an unknown token', async () => {
    const response = await anonymous.get(`/ical/${'x'.repeat(43)}.ics`);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('is revoked by its owner only, and then answers 404', async () => {
    const feed = (await api.post('/api/calendar/feeds')).json();
    expect((await colleague.delete(`/api/calendar/feeds/${feed.id}`)).statusCode).toBe(404);
    expect((await anonymous.get(feed.url)).statusCode).toBe(200);

    expect((await api.delete(`/api/calendar/feeds/${feed.id}`)).statusCode).toBe(204);
    expect((await anonymous.get(feed.url)).statusCode).toBe(404);
    expect((await api.delete(`/api/calendar/feeds/${feed.id}`)).statusCode).toBe(404);
    const listed = (await api.get('/api/calendar/feeds')).json().items.find((item: { id: string }) => item.id === feed.id);
    expect(listed.revokedAt).not.toBeNull();

    const events = await history(feed.id);
    expect(events.map((event) => event.action)).toEqual(['create', 'status_change']);
    expect(events[1]?.changes).toEqual([{ field: 'revokedAt', old: null, new: listed.revokedAt }]);
    expect(await history(feed.id, colleague)).toEqual([]);
  });

  it('needs a participant grant to create, and a session to list or revoke', async () => {
    const noGrant = await makeUser(t.database.db, a.siteOrg.id, [], t.clock.now());
    expect((await client(t.app, noGrant.cookie).post('/api/calendar/feeds')).statusCode).toBe(403);
    expect((await anonymous.post('/api/calendar/feeds')).statusCode).toBe(401);
    expect((await anonymous.get('/api/calendar/feeds')).statusCode).toBe(401);
    expect((await api.post('/api/calendar/feeds', { label: 'x' })).json().errors[0].pointer).toBe('/label');
  });
});

describe("a feed follows its owner's access at once", () => {
  async function ownerWithFeed() {
    const db = t.database.db;
    const user = await makeUser(db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }], t.clock.now());
    const participant = await insertParticipant(db, {
      studyId: a.study.id,
      studySiteId: a.studySite.id,
      coordinatorUserId: user.user.id,
      screenedOn: day(-10),
    });
    await insertVisit(db, { id: participant.id, studySiteId: a.studySite.id }, { code: 'V3', name: 'Week 4', targetDate: day(3) });
    const { url } = (await client(t.app, user.cookie).post('/api/calendar/feeds')).json();
    expect(unfold((await anonymous.get(url)).body).match(/BEGIN:VEVENT/g)).toHaveLength(1);
    return { user, url };
  }

  it('a removed grant empties it', async () => {
    const { user, url } = await ownerWithFeed();
    await t.database.db.deleteFrom('grants').where('user_id', '=', user.user.id).execute();
    const response = await anonymous.get(url);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('BEGIN:VCALENDAR');
    expect(response.body).not.toContain('BEGIN:VEVENT');
  });

  it('a deactivated owner empties it', async () => {
    const { user, url } = await ownerWithFeed();
    await t.database.db.updateTable('users').set({ is_active: false }).where('id', '=', user.user.id).execute();
    expect((await anonymous.get(url)).body).not.toContain('BEGIN:VEVENT');
  });
});
