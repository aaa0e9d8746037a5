// @module-tag today
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCandidate, insertParticipant, updateParticipant } from '../../../test/support/calendar-factories.js';
import { makeSite, makeStudySite, makeTenant, makeUser, type Tenant } from '../../../test/support/factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { addDays, localDate, utcDate } from '../../platform/dates.js';
import type { StudySite } from '../study-sites/study-site.schemas.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let site2: StudySite;
let sponsor: Client;
let siteCoordinator: Client;
let otherTenant: Client;
let today: string;
const day = (offset: number) => addDays(today, offset);

type Point = { date: string; periodStart: string; target: number | null; [measure: string]: unknown };
/** Days (from today) on which the study's participants were screened, as made below. */
const screenedOffsets = [-58, -55, -40, -3, -28, -10];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  a = await makeTenant(db);
  b = await makeTenant(db);
  const now = t.clock.now();
  // The study's today: the latest day among its sites (both in Chicago) and UTC.
  today = [utcDate(now), localDate(now, 'America/Chicago')].sort().at(-1) as string;
  await db
    .updateTable('studies')
    .set({ enrollment_target: 10, planned_fpi_date: day(-70), planned_lpi_date: day(110) })
    .where('id', '=', a.study.id)
    .execute();
  await db
    .updateTable('study_sites')
    .set({ target_enrollment: 6, activation_date: day(-63) })
    .where('id', '=', a.studySite.id)
    .execute();
  site2 = await makeStudySite(db, a.study.id, (await makeSite(db)).id, { targetEnrollment: 4 });

  const login = async (orgId: string, grant: Parameters<typeof makeUser>[2][number]) =>
    client(t.app, (await makeUser(db, orgId, [grant], now)).cookie);
  sponsor = await login(a.sponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id });
  siteCoordinator = await login(a.siteOrg.id, { role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id });
  otherTenant = await login(b.siteOrg.id, { role: 'study_coordinator', scopeType: 'site', scopeId: b.site.id });

  const at1 = { studyId: a.study.id, studySiteId: a.studySite.id };
  const at2 = { studyId: a.study.id, studySiteId: site2.id };
  for (const offset of [-60, -50, -50]) await insertCandidate(db, a.study.id, a.studySite.id, day(offset));
  await insertCandidate(db, a.study.id, site2.id, day(-30));

  const withdrawn = await insertParticipant(db, { ...at1, screenedOn: day(-58) });
  await updateParticipant(db, withdrawn.id, { status: 'enrolled', enrolled_on: day(-50) });
  await updateParticipant(db, withdrawn.id, { status: 'withdrawn', withdrawn_on: day(-20), withdrawal_scope: 'study' });
  const failed = await insertParticipant(db, { ...at1, screenedOn: day(-55) });
  await updateParticipant(db, failed.id, { status: 'screen_failed', screen_failed_on: day(-54) });
  const active = await insertParticipant(db, { ...at1, screenedOn: day(-40) });
  await updateParticipant(db, active.id, { status: 'enrolled', enrolled_on: day(-31) });
  // A corrected date moves the count from one day to the other.
  await updateParticipant(db, active.id, { enrolled_on: day(-30) });
  await insertParticipant(db, { ...at1, screenedOn: day(-3) });

  const completed = await insertParticipant(db, { ...at2, screenedOn: day(-28) });
  await updateParticipant(db, completed.id, { status: 'enrolled', enrolled_on: day(-21) });
  await updateParticipant(db, completed.id, { status: 'completed', completed_on: day(-2) });
  const lost = await insertParticipant(db, { ...at2, screenedOn: day(-10) });
  await updateParticipant(db, lost.id, { status: 'lost_to_follow_up', enrolled_on: day(-5), lost_on: day(-1) });

  // Another tenant's participants never count.
  await insertParticipant(db, { studyId: b.study.id, studySiteId: b.studySite.id, screenedOn: day(-5) });
});
afterAll(() => t.close());

/** The funnel counted straight from the participant tables, to check what the triggers kept. */
async function directCount(studySiteIds: string[]) {
  const { rows } = await sql<Record<string, number>>`
    select count(screened_on)::int as screened, count(screen_failed_on)::int as "screenFailed",
      count(enrolled_on)::int as enrolled, count(completed_on)::int as completed,
      count(withdrawn_on)::int as withdrawn, count(lost_on)::int as lost,
      (select count(*)::int from prescreen_candidates where study_site_id = any(${studySiteIds}::uuid[])) as prescreened
    from participants where study_site_id = any(${studySiteIds}::uuid[])`.execute(t.database.db);
  const counts = rows[0] as Record<string, number>;
  return { ...counts, active: (counts.enrolled ?? 0) - (counts.completed ?? 0) - (counts.withdrawn ?? 0) - (counts.lost ?? 0) };
}

const isSunday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() === 0;

describe('the enrollment funnel', () => {
  it('counts the study after screening, screen failure, enrollment, withdrawal, completion and loss', async () => {
    const response = await sponsor.get(`/api/studies/${a.study.id}/enrollment`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const totals = { prescreened: 4, screened: 6, screenFailed: 1, enrolled: 4, active: 1, completed: 1, withdrawn: 1, lost: 1 };
    expect(body).toMatchObject({ studyId: a.study.id, studySiteId: null, interval: 'week', today, target: 10, totals });
    expect(body.totals).toEqual(await directCount([a.studySite.id, site2.id]));
    expect(body.sites).toHaveLength(2);
    const bySite = new Map(body.sites.map((site: { studySiteId: string }) => [site.studySiteId, site]));
    expect(bySite.get(a.studySite.id)).toEqual({
      studySiteId: a.studySite.id,
      siteId: a.site.id,
      siteNumber: a.studySite.siteNumber,
      siteName: a.site.name,
      targetEnrollment: 6,
      activationDate: day(-63),
      ...(await directCount([a.studySite.id])),
    });
    expect(bySite.get(site2.id)).toMatchObject({ targetEnrollment: 4, enrolled: 2, completed: 1, lost: 1, active: 0 });
    expect(bySite.get(site2.id)).toMatchObject(await directCount([site2.id]));
  });

  it('gives a weekly cumulative series from the first day with data to today, against the study target line', async () => {
    const { series } = (await sponsor.get(`/api/studies/${a.study.id}/enrollment?interval=week`)).json() as { series: Point[] };
    const first = series[0] as Point;
    const last = series.at(-1) as Point;
    expect(first.periodStart <= day(-60) && day(-60) <= first.date).toBe(true);
    // Screenings 58 and 55 days back fall in the first week or not depending on today's weekday:
    // count what the first point must hold from the dates themselves.
    const upTo = (end: string, offsets: number[]) => offsets.filter((offset) => day(offset) <= end).length;
    expect(first).toMatchObject({ prescreened: 1, screened: upTo(first.date, screenedOffsets), enrolled: 0 });
    expect(series.slice(0, -1).every((point) => isSunday(point.date))).toBe(true);
    expect(last).toMatchObject({ date: today, prescreened: 4, screened: 6, enrolled: 4, active: 1, withdrawn: 1 });
    // 10 participants spread over the 180 days from FPI to LPI, 70 of which have passed.
    expect(last.target).toBe(3.89);
    const enrolled = series.map((point) => point.enrolled as number);
    expect(enrolled).toEqual([...enrolled].sort((x, y) => x - y));
    expect(series.length).toBeGreaterThanOrEqual(9);
    expect(series.length).toBeLessThanOrEqual(11);
  });

  it('gives monthly points ending on the last day of each month', async () => {
    const { series, interval } = (await sponsor.get(`/api/studies/${a.study.id}/enrollment?interval=month`)).json();
    expect(interval).toBe('month');
    for (const point of series.slice(0, -1) as Point[]) expect(addDays(point.date, 1).endsWith('-01')).toBe(true);
    expect(series.at(-1)).toMatchObject({ date: today, enrolled: 4, completed: 1, lost: 1 });
  });

  it("narrows to one study-site with that site's target line", async () => {
    const body = (await sponsor.get(`/api/studies/${a.study.id}/enrollment?studySiteId=${site2.id}`)).json();
    expect(body).toMatchObject({ studySiteId: site2.id, target: 4, totals: await directCount([site2.id]) });
    // No activation date: the site's line starts at the study's planned FPI (70 of 180 days).
    expect(body.series.at(-1).target).toBe(1.56);
    expect(body.sites).toHaveLength(2);
  });

  it("shows a site's coordinator their own study-site only, against its target", async () => {
    const body = (await siteCoordinator.get(`/api/studies/${a.study.id}/enrollment`)).json();
    expect(body.sites.map((site: { studySiteId: string }) => site.studySiteId)).toEqual([a.studySite.id]);
    expect(body).toMatchObject({ target: 6, totals: await directCount([a.studySite.id]) });
    // 6 participants from activation (day -63) to the study's LPI (day 110): 63 of 173 days.
    expect(body.series.at(-1).target).toBe(2.18);
    const refused = await siteCoordinator.get(`/api/studies/${a.study.id}/enrollment?studySiteId=${site2.id}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].pointer).toBe('querystring:/studySiteId');
  });

  it("answers 404 for another tenant's study and names a bad interval", async () => {
    const response = await otherTenant.get(`/api/studies/${a.study.id}/enrollment`);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const bad = await sponsor.get(`/api/studies/${a.study.id}/enrollment?interval=year`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('querystring:/interval');
  });

  it('is empty, with zero totals, for a study without data', async () => {
    const body = (await otherTenant.get(`/api/studies/${b.study.id}/enrollment`)).json();
    expect(body.totals).toMatchObject({ screened: 1, enrolled: 0 });
    const fresh = await makeTenant(t.database.db);
    const freshSponsor = client(
      t.app,
      (await makeUser(t.database.db, fresh.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: fresh.sponsor.id }]))
        .cookie,
    );
    const empty = (await freshSponsor.get(`/api/studies/${fresh.study.id}/enrollment`)).json();
    expect(empty.series).toEqual([]);
    expect(empty.totals).toEqual({
      prescreened: 0,
      screened: 0,
      screenFailed: 0,
      enrolled: 0,
      active: 0,
      completed: 0,
      withdrawn: 0,
      lost: 0,
    });
  });
});
