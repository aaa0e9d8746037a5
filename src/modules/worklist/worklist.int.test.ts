// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertParticipant, insertVisit, updateParticipant } from '../../../test/support/calendar-factories.js';
import { makeDelegationEntry } from '../../../test/support/delegation-factories.js';
import { makeOrganization, makeSite, makeStudySite, makeTenant, makeUser } from '../../../test/support/factories.js';
import { multipartForm, pdfBytes } from '../../../test/support/files.js';
import { makeMilestone, recordMilestone } from '../../../test/support/milestone-factories.js';
import { makeParticipantWorld, type ParticipantWorld } from '../../../test/support/participant-factories.js';
import { makeStaffMember } from '../../../test/support/start-up-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { addDays, localDate } from '../../platform/dates.js';
import type { MyWork } from './worklist.schemas.js';

/**
 * Each role's home page through GET /api/me/work: a Chicago study-site (the participant world)
 * and a Munich study-site of the same study, both supported by the world's SMO, and another
 * tenant. Days are the sites' own calendar days, so the file holds on any day and in any zone.
 */

let t: TestApp;
let w: ParticipantWorld;
let today: string;
const day = (offset: number) => addDays(today, offset);
const ids: Record<string, string> = {};
const users: Record<string, Client> = {};
let munichStudySiteId: string;

async function work(who: string): Promise<MyWork> {
  const caller = users[who];
  if (!caller) throw new Error(`No user ${who}`);
  const response = await caller.get('/api/me/work');
  expect(response.statusCode).toBe(200);
  return response.json() as MyWork;
}

const section = (work: MyWork, key: string) => work.sections.find((s) => s.key === key);
const itemIds = (work: MyWork, key: string) => section(work, key)?.items.map((item) => item.id) ?? [];

async function fileDocument(coordinator: Client, title: string) {
  const created = await coordinator.post(
    '/api/documents',
    multipartForm(
      { bytes: pdfBytes(title), name: 'doc.pdf' },
      { studyId: w.study.id, siteId: w.site.id, artifactNumber: '04.01.02', title, submit: 'true' },
    ),
  );
  expect(created.statusCode).toBe(201);
  return created.json() as { id: string; versions: { id: string; version: number }[] };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const now = t.clock.now();
  w = await makeParticipantWorld(db, now);
  today = localDate(now, 'America/Chicago');
  const login = async (orgId: string, grant: Parameters<typeof makeUser>[2][number]) => makeUser(db, orgId, [grant], now);

  users.coordinator = client(t.app, w.coordinator.cookie);
  users.investigator = client(t.app, w.piUser.cookie);
  users.cra = client(t.app, (await login(w.cro.id, { role: 'cra', scopeType: 'organization', scopeId: w.cro.id })).cookie);
  users.manager = client(
    t.app,
    (await login(w.sponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: w.sponsor.id })).cookie,
  );
  const lead = await login(w.smo.id, { role: 'smo_network_lead', scopeType: 'organization', scopeId: w.smo.id });
  users.lead = client(t.app, lead.cookie);

  // Munich: the same study at another site (another time zone), in start-up, supported by the same SMO.
  const munich = await makeSite(db, {
    organizationId: (await makeOrganization(db, 'site')).id,
    timeZone: 'Europe/Berlin',
    city: 'München',
  });
  const munichStudySite = await makeStudySite(db, w.study.id, munich.id, { smoOrgId: w.smo.id });
  munichStudySiteId = munichStudySite.id;
  await db.updateTable('study_sites').set({ status: 'start_up' }).where('id', '=', munichStudySiteId).execute();
  const munichCoordinator = await login(munich.organizationId, { role: 'study_coordinator', scopeType: 'site', scopeId: munich.id });
  users.munich = client(t.app, munichCoordinator.cookie);
  await makeMilestone(db, w.study.id, { code: 'irb_approval', name: 'IRB approval' });
  const munichToday = localDate(now, 'Europe/Berlin');
  await recordMilestone(db, { studyId: w.study.id, studySiteId: munichStudySiteId }, 'irb_approval', {
    plannedDate: addDays(munichToday, -5),
  });
  const munichParticipant = await insertParticipant(db, {
    studyId: w.study.id,
    studySiteId: munichStudySiteId,
    screenedOn: addDays(munichToday, -20),
  });
  ids.munichVisit = await insertVisit(
    db,
    { id: munichParticipant.id, studySiteId: munichStudySiteId },
    { code: 'V2', name: 'Week 2', targetDate: munichToday },
  );

  // Chicago: one enrolled participant with a visit of every kind, and one waiting for the PI.
  const enrolled = await insertParticipant(db, {
    studyId: w.study.id,
    studySiteId: w.studySite.id,
    coordinatorUserId: w.coordinator.user.id,
    screenedOn: day(-40),
  });
  ids.enrolled = enrolled.id;
  await updateParticipant(db, enrolled.id, { status: 'enrolled', enrolled_on: day(-30) });
  const at = { id: enrolled.id, studySiteId: w.studySite.id };
  ids.today = await insertVisit(db, at, { code: 'V3', name: 'Week 4', targetDate: today, windowStart: day(-2), windowEnd: day(2) });
  ids.week = await insertVisit(db, at, { code: 'V4', name: 'Week 5', targetDate: day(3), windowStart: day(1), windowEnd: day(5) });
  ids.overdue = await insertVisit(db, at, { code: 'V2', name: 'Week 2', targetDate: day(-6), windowStart: day(-8), windowEnd: day(-3) });
  ids.missed = await insertVisit(db, at, { code: 'V1', name: 'Week 1', targetDate: day(-12), status: 'missed' });
  ids.later = await insertVisit(db, at, { code: 'V5', name: 'Week 8', targetDate: day(20), windowStart: day(18), windowEnd: day(22) });

  // A revised consent form approved at the site: the enrolled participant is to re-consent.
  ids.reconsent = (
    await db
      .insertInto('reconsent_tasks')
      .values({ participant_id: enrolled.id, icf_version_id: w.icf.id, due_from: day(-1) })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  const waiting = await insertParticipant(db, { studyId: w.study.id, studySiteId: w.studySite.id, screenedOn: day(-2) });
  ids.waiting = waiting.id;
  await db
    .updateTable('participants')
    .set({ consented_on: day(-1) })
    .where('id', '=', waiting.id)
    .execute();
  const criterion = await db
    .selectFrom('protocol_criteria')
    .select('id')
    .where('protocol_version_id', '=', w.protocol.id)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('eligibility_answers')
    .values({
      participant_id: waiting.id,
      criterion_id: criterion.id,
      met: true,
      answered_at: now,
      answered_by_user_id: w.coordinator.user.id,
    })
    .execute();

  const newcomer = await makeStaffMember(db, w.site.id, 'study_coordinator', 'Nina Newcomer');
  ids.entry = (
    await makeDelegationEntry(
      db,
      { studyId: w.study.id, studySiteId: w.studySite.id },
      { personId: newcomer.personId, tasks: ['obtain_consent'], startDate: day(-1) },
    )
  ).id;

  const deviation = await db
    .insertInto('protocol_deviations')
    .values({
      study_id: w.study.id,
      study_site_id: w.studySite.id,
      participant_id: enrolled.id,
      category: 'missed_visit',
      description: 'Week 1 visit missed',
      detected: 'manual',
      occurred_on: day(-12),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.deviation = deviation.id;

  ids.submitted = (await fileDocument(users.coordinator, 'Lab certificate')).id;
  const returned = await fileDocument(users.coordinator, 'CV of the sub-investigator');
  ids.returned = returned.id;
  const [version] = returned.versions;
  const sentBack = await users.cra.post(
    `/api/documents/${returned.id}/versions/${version?.id}/return`,
    { reason: 'Unsigned and undated' },
    { 'if-match': `"${version?.version}"` },
  );
  expect(sentBack.statusCode).toBe(200);

  // Another tenant, with work of its own.
  const b = await makeTenant(db);
  users.outsider = client(t.app, (await login(b.siteOrg.id, { role: 'study_coordinator', scopeType: 'site', scopeId: b.site.id })).cookie);
  users.outsiderManager = client(
    t.app,
    (await login(b.sponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: b.sponsor.id })).cookie,
  );
  const other = await insertParticipant(db, { studyId: b.study.id, studySiteId: b.studySite.id, screenedOn: day(-5) });
  await insertVisit(db, { id: other.id, studySiteId: b.studySite.id }, { code: 'V1', name: 'Week 1', targetDate: today });
});
afterAll(() => t.close());

describe('the coordinator', () => {
  it("sees the day's visits at their site with window status, each linked to the participant", async () => {
    const mine = await work('coordinator');
    expect(itemIds(mine, 'visits_today')).toEqual([ids.today]);
    expect(section(mine, 'visits_today')?.items[0]).toMatchObject({
      link: `/participants/${ids.enrolled}`,
      studyShortName: w.study.shortName,
      date: today,
      window: { start: day(-2), end: day(2) },
      status: { label: 'Due today' },
    });
    expect(itemIds(mine, 'visits_week')).toEqual([ids.week]);
    expect(itemIds(mine, 'visits_overdue')).toEqual([ids.overdue]);
    expect(itemIds(mine, 'visits_missed')).toEqual([ids.missed]);
    expect(JSON.stringify(mine)).not.toContain(ids.later);
  });

  it('sees re-consent due, eligibility waiting for the investigator, the unsigned delegation entry, returned documents and open deviations', async () => {
    const mine = await work('coordinator');
    expect(itemIds(mine, 'reconsent_due')).toEqual([ids.reconsent]);
    expect(section(mine, 'reconsent_due')?.items[0]).toMatchObject({ link: `/participants/${ids.enrolled}`, status: { label: 'Due now' } });
    expect(itemIds(mine, 'eligibility_waiting')).toEqual([ids.waiting]);
    expect(itemIds(mine, 'delegation_waiting')).toEqual([ids.entry]);
    expect(section(mine, 'delegation_waiting')?.items[0]?.link).toBe(`/studies/${w.study.id}/sites/${w.studySite.id}/delegation`);
    expect(itemIds(mine, 'documents_returned')).toEqual([ids.returned]);
    expect(section(mine, 'documents_returned')?.items[0]).toMatchObject({ link: `/documents/${ids.returned}` });
    expect(section(mine, 'documents_returned')?.items[0]?.detail).toContain('Unsigned and undated');
    expect(itemIds(mine, 'deviations_awaiting')).toEqual([ids.deviation]);
    // Not theirs to do: the investigator's signatures, the monitor's reviews.
    expect(section(mine, 'eligibility_to_confirm')).toBeUndefined();
    expect(section(mine, 'documents_to_review')).toBeUndefined();
    expect(mine.network).toBeNull();
    expect(mine.enrollment).toBeNull();
  });

  it("counts the open items for the navigation badge, without this week's visits", async () => {
    const mine = await work('coordinator');
    const open = mine.sections.filter((s) => s.key !== 'visits_week').reduce((sum, s) => sum + s.count, 0);
    expect(mine.openItems).toBe(open);
    expect(mine.openItems).toBeGreaterThanOrEqual(8);
  });

  it("at Chicago does not see Munich's work, and Munich's coordinator not Chicago's", async () => {
    const chicago = JSON.stringify(await work('coordinator'));
    expect(chicago).not.toContain(ids.munichVisit);
    expect(chicago).not.toContain(munichStudySiteId);
    const munich = await work('munich');
    expect(itemIds(munich, 'visits_today')).toEqual([ids.munichVisit]);
    expect(JSON.stringify(munich)).not.toContain(ids.today);
    expect(JSON.stringify(munich)).not.toContain(ids.returned);
  });
});

it('the investigator sees the signatures waiting: delegation entries, eligibility and documents to approve', async () => {
  const mine = await work('investigator');
  expect(mine.sections.slice(0, 3).map((s) => s.key)).toEqual(['delegation_to_sign', 'eligibility_to_confirm', 'documents_to_review']);
  expect(itemIds(mine, 'delegation_to_sign')).toEqual([ids.entry]);
  expect(itemIds(mine, 'eligibility_to_confirm')).toEqual([ids.waiting]);
  expect(section(mine, 'eligibility_to_confirm')?.items[0]?.link).toBe(`/participants/${ids.waiting}`);
  expect(itemIds(mine, 'documents_to_review')).toEqual([ids.submitted]);
  // The investigator signs: nothing waits "for the investigator" on their own page.
  expect(section(mine, 'eligibility_waiting')).toBeUndefined();
  expect(section(mine, 'delegation_waiting')).toBeUndefined();
});

it.each(['cra', 'manager'])(
  'the %s sees documents to review, deviations to assess, sites behind on start-up and enrollment',
  async (who) => {
    const mine = await work(who);
    expect(itemIds(mine, 'documents_to_review')).toEqual([ids.submitted]);
    expect(itemIds(mine, 'deviations_to_assess')).toEqual([ids.deviation]);
    expect(itemIds(mine, 'startup_behind')).toEqual([munichStudySiteId]);
    expect(section(mine, 'startup_behind')?.items[0]).toMatchObject({
      link: `/studies/${w.study.id}/sites/${munichStudySiteId}`,
      detail: 'IRB approval',
    });
    expect(mine.enrollment).toEqual([
      expect.objectContaining({
        studyId: w.study.id,
        enrolled: 1,
        target: 100,
        studySites: 2,
        link: `/studies/${w.study.id}?tab=enrollment`,
      }),
    ]);
    // No site's day-to-day lists.
    expect(section(mine, 'visits_today')).toBeUndefined();
  },
);

it("the network lead sees every supported study-site with enrollment, late milestones and open items, and each coordinator's load", async () => {
  const mine = await work('lead');
  const rows = new Map(mine.network?.studySites.map((row) => [row.studySiteId, row]));
  expect(rows.get(w.studySite.id)).toMatchObject({
    enrolled: 1,
    lateMilestones: 0,
    link: `/studies/${w.study.id}/sites/${w.studySite.id}`,
  });
  // Overdue and missed visits, re-consent, eligibility, the unsigned entry, the open deviation.
  expect(rows.get(w.studySite.id)?.openItems).toBe(6);
  expect(rows.get(munichStudySiteId)).toMatchObject({ lateMilestones: 1, openItems: 0 });
  expect(mine.network?.coordinators).toContainEqual(
    expect.objectContaining({ userId: w.coordinator.user.id, name: w.coordinator.user.fullName, visitsThisWeek: 2 }),
  );
  expect(mine.network?.coordinators).toContainEqual(expect.objectContaining({ userId: null, visitsThisWeek: 1 }));
  expect(mine.openItems).toBe(6);
  expect(section(mine, 'visits_today')).toBeUndefined();
});

it.each(['outsider', 'outsiderManager'])("another tenant's %s sees none of this tenant's work", async (who) => {
  const theirs = JSON.stringify(await work(who));
  for (const id of [w.study.id, w.studySite.id, munichStudySiteId, ids.today, ids.submitted, ids.returned, ids.deviation, ids.entry]) {
    expect(theirs).not.toContain(id);
  }
});

it('answers 401 without a session', async () => {
  expect((await client(t.app).get('/api/me/work')).statusCode).toBe(401);
});

describe('data queries', () => {
  it('the coordinator sees a query to answer; once answered, the CRA sees it to close', async () => {
    const { cra, coordinator } = users as Record<'cra' | 'coordinator', Client>;
    const raised = await cra.post(`/api/participants/${ids.enrolled}/queries`, {
      text: 'Weight at baseline missing.',
      dueOn: day(-1),
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const query = raised.json() as { id: string; version: number };
    const mine = await work('coordinator');
    expect(itemIds(mine, 'queries_to_answer')).toEqual([query.id]);
    expect(section(mine, 'queries_to_answer')?.items[0]).toMatchObject({
      link: `/participants/${ids.enrolled}`,
      detail: 'Weight at baseline missing.',
      status: { label: 'Overdue' },
    });
    expect(section(await work('cra'), 'queries_to_close')).toMatchObject({ count: 0 });
    const answered = await coordinator.post(
      `/api/queries/${query.id}/steps`,
      { action: 'answer', text: '72 kg, now entered.' },
      { 'if-match': `"${query.version}"` },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    expect(itemIds(await work('cra'), 'queries_to_close')).toEqual([query.id]);
    expect(section(await work('coordinator'), 'queries_to_answer')).toMatchObject({ count: 0, items: [] });
    expect(JSON.stringify(await work('outsider'))).not.toContain(query.id);
  });
});
