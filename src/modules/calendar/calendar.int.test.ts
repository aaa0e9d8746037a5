// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertParticipant, insertVisit } from '../../../test/support/calendar-factories.js';
import { makeOrganization, makeStudy, makeStudySite, makeTenant, makeUser, type Tenant } from '../../../test/support/factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { addDays, localDate } from '../../platform/dates.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let coordinatorId: string;
let colleagueId: string;
let coordinator: Client;
let sponsorA: Client;
let sponsorOther: Client;
let coordinatorB: Client;
let today: string;
const day = (offset: number) => addDays(today, offset);

type Item = { visitId: string; subjectNumber: string; code: string; overdue: boolean; upcoming: boolean; [key: string]: unknown };

const visits: Record<string, string> = {};
let p1: { id: string; subjectNumber: string };
let p2: { id: string; subjectNumber: string };
let p3: { id: string; subjectNumber: string };
let otherStudyShortName: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  a = await makeTenant(db);
  b = await makeTenant(db);
  // The site's own day: Auckland is ahead of UTC most of the day, so UTC would be wrong there.
  await db.updateTable('sites').set({ time_zone: 'Pacific/Auckland' }).where('id', '=', a.site.id).execute();
  today = localDate(t.clock.now(), 'Pacific/Auckland');

  const login = async (orgId: string, grant: Parameters<typeof makeUser>[2][number]) => makeUser(db, orgId, [grant], t.clock.now());
  const coordinatorUser = await login(a.siteOrg.id, { role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id });
  const colleagueUser = await login(a.siteOrg.id, { role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id });
  coordinatorId = coordinatorUser.user.id;
  colleagueId = colleagueUser.user.id;
  coordinator = client(t.app, coordinatorUser.cookie);
  sponsorA = client(t.app, (await login(a.sponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id })).cookie);
  coordinatorB = client(t.app, (await login(b.siteOrg.id, { role: 'study_coordinator', scopeType: 'site', scopeId: b.site.id })).cookie);

  // A second sponsor's study runs at the same site: the site sees both, each sponsor its own.
  const otherSponsor = await makeOrganization(db, 'sponsor');
  const otherStudy = await makeStudy(db, { sponsorOrgId: otherSponsor.id });
  otherStudyShortName = otherStudy.shortName;
  const otherStudySite = await makeStudySite(db, otherStudy.id, a.site.id);
  sponsorOther = client(
    t.app,
    (await login(otherSponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: otherSponsor.id })).cookie,
  );

  p1 = await insertParticipant(db, {
    studyId: a.study.id,
    studySiteId: a.studySite.id,
    coordinatorUserId: coordinatorId,
    screenedOn: day(-40),
    identityName: 'Zebulon Quixotic-Namesake',
  });
  const at1 = { id: p1.id, studySiteId: a.studySite.id };
  visits.done = await insertVisit(db, at1, {
    code: 'V1',
    name: 'Baseline',
    targetDate: day(-10),
    windowStart: day(-12),
    windowEnd: day(-8),
    status: 'completed',
    actualDate: day(-10),
  });
  visits.overdue = await insertVisit(db, at1, {
    code: 'V2',
    name: 'Week 2',
    targetDate: day(-5),
    windowStart: day(-7),
    windowEnd: day(-3),
  });
  visits.inWindow = await insertVisit(db, at1, {
    code: 'V3',
    name: 'Week 4',
    targetDate: day(-1),
    windowStart: day(-3),
    windowEnd: day(1),
  });
  visits.upcoming = await insertVisit(db, at1, { code: 'V4', name: 'Week 5', targetDate: day(3), windowStart: day(2), windowEnd: day(4) });
  visits.windowOnly = await insertVisit(db, at1, {
    code: 'V5',
    name: 'Week 6',
    targetDate: day(8),
    windowStart: day(5),
    windowEnd: day(11),
  });
  visits.later = await insertVisit(db, at1, { code: 'V6', name: 'Week 12', targetDate: day(20) });

  p2 = await insertParticipant(db, {
    studyId: otherStudy.id,
    studySiteId: otherStudySite.id,
    coordinatorUserId: coordinatorId,
    screenedOn: day(-5),
  });
  visits.otherStudy = await insertVisit(
    db,
    { id: p2.id, studySiteId: otherStudySite.id },
    { code: 'SCR', name: 'Screening', kind: 'screening', targetDate: day(0) },
  );

  p3 = await insertParticipant(db, {
    studyId: a.study.id,
    studySiteId: a.studySite.id,
    coordinatorUserId: colleagueId,
    screenedOn: day(-5),
  });
  visits.colleague = await insertVisit(db, { id: p3.id, studySiteId: a.studySite.id }, { code: 'V2', name: 'Week 2', targetDate: day(1) });

  // Another tenant's visit on the same days never shows.
  const pb = await insertParticipant(db, { studyId: b.study.id, studySiteId: b.studySite.id, screenedOn: day(-5) });
  visits.tenantB = await insertVisit(db, { id: pb.id, studySiteId: b.studySite.id }, { code: 'V2', name: 'Week 2', targetDate: day(0) });
});
afterAll(() => t.close());

const week = () => `from=${day(-6)}&to=${day(6)}`;
const byVisit = (items: Item[]) => new Map(items.map((item) => [item.visitId, item]));

describe("a site's calendar", () => {
  it('returns the visits whose window overlaps the week, with windows and overdue / upcoming flags', async () => {
    const response = await coordinator.get(`/api/sites/${a.site.id}/calendar?${week()}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ from: day(-6), to: day(6), today, truncated: false });
    const items = byVisit(body.items);
    expect(new Set(items.keys())).toEqual(
      new Set([visits.overdue, visits.inWindow, visits.upcoming, visits.windowOnly, visits.otherStudy, visits.colleague]),
    );
    expect(items.get(visits.overdue as string)).toEqual({
      visitId: visits.overdue,
      participantId: p1.id,
      subjectNumber: p1.subjectNumber,
      studyId: a.study.id,
      studyShortName: a.study.shortName,
      studySiteId: a.studySite.id,
      siteId: a.site.id,
      siteNumber: a.studySite.siteNumber,
      siteName: a.site.name,
      code: 'V2',
      name: 'Week 2',
      kind: 'treatment',
      targetDate: day(-5),
      windowStart: day(-7),
      windowEnd: day(-3),
      status: 'scheduled',
      actualDate: null,
      coordinatorUserId: coordinatorId,
      timeZone: 'Pacific/Auckland',
      appointment: null,
      siteToday: today,
      overdue: true,
      upcoming: false,
    });
    // Past its target day but still in window: due now, neither overdue nor upcoming.
    expect(items.get(visits.inWindow as string)).toMatchObject({ overdue: false, upcoming: false });
    expect(items.get(visits.upcoming as string)).toMatchObject({ overdue: false, upcoming: true });
    // Its target day is beyond the week, but its window opens inside it.
    expect(items.get(visits.windowOnly as string)).toMatchObject({ targetDate: day(8), overdue: false, upcoming: false });
    expect(items.get(visits.colleague as string)).toMatchObject({ coordinatorUserId: colleagueId, upcoming: true });
    expect(body.items.map((item: Item) => item.targetDate)).toEqual([...body.items.map((item: Item) => item.targetDate)].sort());
    expect(response.body).not.toContain('Zebulon');
    expect(response.body).not.toContain('pat@example.org');
  });

  it('shows a completed visit on its day and the visits of a month view in one call', async () => {
    const response = await coordinator.get(`/api/sites/${a.site.id}/calendar?from=${day(-14)}&to=${day(27)}`);
    expect(response.statusCode).toBe(200);
    const items = byVisit(response.json().items);
    expect(items.get(visits.done as string)).toMatchObject({ status: 'completed', actualDate: day(-10), overdue: false });
    expect(items.has(visits.later as string)).toBe(true);
    expect(items.has(visits.tenantB as string)).toBe(false);
  });

  it("shows each sponsor only its own study's visits at a shared site", async () => {
    const own = byVisit((await sponsorA.get(`/api/sites/${a.site.id}/calendar?${week()}`)).json().items);
    expect(own.has(visits.overdue as string)).toBe(true);
    expect(own.has(visits.otherStudy as string)).toBe(false);
    const other = (await sponsorOther.get(`/api/sites/${a.site.id}/calendar?${week()}`)).json();
    expect(other.items.map((item: Item) => item.visitId)).toEqual([visits.otherStudy]);
    expect(other.items[0].studyShortName).toBe(otherStudyShortName);
  });

  it("answers 404 for another tenant's site", async () => {
    const response = await coordinatorB.get(`/api/sites/${a.site.id}/calendar?${week()}`);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await sponsorA.get(`/api/sites/${b.site.id}/calendar?${week()}`)).statusCode).toBe(404);
  });

  it('refuses a range over 62 days, backwards or with a bad date, naming the field', async () => {
    const cases: [string, string][] = [
      [`from=${day(0)}&to=${day(62)}`, 'querystring:/to'],
      [`from=${day(0)}&to=${day(-1)}`, 'querystring:/to'],
      [`from=2026-02-30&to=${day(1)}`, 'querystring:/from'],
      [`to=${day(1)}`, 'querystring:/from'],
    ];
    for (const [query, pointer] of cases) {
      const response = await coordinator.get(`/api/sites/${a.site.id}/calendar?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    expect((await coordinator.get(`/api/sites/${a.site.id}/calendar?from=${day(0)}&to=${day(61)}`)).statusCode).toBe(200);
  });

  it('needs a session', async () => {
    expect((await client(t.app).get(`/api/sites/${a.site.id}/calendar?${week()}`)).statusCode).toBe(401);
  });
});

describe("a coordinator's calendar", () => {
  it("holds the visits of the caller's participants across studies", async () => {
    const response = await coordinator.get(`/api/calendar?${week()}`);
    expect(response.statusCode).toBe(200);
    const ids = response.json().items.map((item: Item) => item.visitId);
    expect(new Set(ids)).toEqual(new Set([visits.overdue, visits.inWindow, visits.upcoming, visits.windowOnly, visits.otherStudy]));
  });

  it("shows a colleague's calendar, limited to the study-sites the caller may read", async () => {
    const colleague = await coordinator.get(`/api/calendar?${week()}&coordinatorUserId=${colleagueId}`);
    expect(colleague.json().items.map((item: Item) => item.visitId)).toEqual([visits.colleague]);
    const seenByOtherSponsor = await sponsorOther.get(`/api/calendar?${week()}&coordinatorUserId=${coordinatorId}`);
    expect(seenByOtherSponsor.json().items.map((item: Item) => item.visitId)).toEqual([visits.otherStudy]);
    const seenByOtherTenant = await coordinatorB.get(`/api/calendar?${week()}&coordinatorUserId=${coordinatorId}`);
    expect(seenByOtherTenant.json().items).toEqual([]);
  });

  it('refuses a bad coordinator id, naming the field', async () => {
    const response = await coordinator.get(`/api/calendar?${week()}&coordinatorUserId=me`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].pointer).toBe('querystring:/coordinatorUserId');
  });
});
