// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, makeUser } from '../../../test/support/factories.js';
import { userContext } from '../../../test/support/participant-factories.js';
import {
  approveIcf,
  approveProtocol,
  makeFinalProtocol,
  makeIcfVersion,
  sampleStructure,
} from '../../../test/support/protocol-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { makeVisitParticipant, makeVisitWorld, type VisitWorld } from '../../../test/support/visit-factories.js';
import { verifyAuditChain } from '../../platform/audit/verify-audit-chain.js';
import { systemContext } from '../../platform/context.js';
import { addDays, localDate } from '../../platform/dates.js';
import { completeVisitWrite } from './complete-visit.js';
import { detectMissedVisits } from './detect-missed-visits.js';
import type { Deviation, ParticipantVisit } from './visit.schemas.js';

let t: TestApp;
let w: VisitWorld;
let coordinator: Client;
let cra: Client;
let outsider: Client;
let participantId: string;
let otherTenantVisitId: string;

const day = (offset: number) => w.day(offset);
const visitsOf = async (id = participantId) =>
  ((await coordinator.get(`/api/participants/${id}/visits`)).json() as { items: ParticipantVisit[] }).items;
const byCode = (visits: ParticipantVisit[], code: string) => {
  const visit = visits.find((v) => v.code === code && v.kind !== 'unscheduled');
  if (!visit) throw new Error(`no visit ${code}`);
  return visit;
};
const deviationsOf = async (id = participantId) =>
  ((await coordinator.get(`/api/participants/${id}/deviations`)).json() as { items: Deviation[] }).items;
const audits = (entityId: string) =>
  t.database.db.selectFrom('audit_events').selectAll().where('entity_id', '=', entityId).orderBy('seq').execute();
/** A visit's history as the trail reads it: its creation is its part of its schedule's entry (ADR 0016). */
const visitAudits = async (visitId: string, c = coordinator) =>
  (
    (await c.get(`/api/audit?entityType=participant_visit&entityId=${visitId}&limit=100`)).json() as {
      items: { entityType: string; action: string; changes: unknown[] }[];
    }
  ).items.map((e) => ({ entity_type: e.entityType, action: e.action, changes: e.changes }));
const complete = (visit: ParticipantVisit, body: unknown, c = coordinator) =>
  c.post(`/api/participant-visits/${visit.id}/completion`, body, { 'if-match': `"${visit.version}"` });

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  w = await makeVisitWorld(db, t.clock.now());
  coordinator = client(t.app, w.coordinator.cookie);
  cra = client(t.app, w.cra.cookie);
  const participant = await makeVisitParticipant(db, w, { consentedOn: day(-50), enrolledOn: day(-40), fullName: 'Robin Example' });
  participantId = participant.id;

  const other = await makeVisitWorld(db, t.clock.now());
  const otherParticipant = await makeVisitParticipant(db, other, { consentedOn: day(-50), enrolledOn: day(-40) });
  const otherVisit = await db
    .selectFrom('participant_visits')
    .select('id')
    .where('participant_id', '=', otherParticipant.id)
    .executeTakeFirstOrThrow();
  otherTenantVisitId = otherVisit.id;
  outsider = client(t.app, other.coordinator.cookie);
});
afterAll(() => t.close());

describe('visits, deviations and re-planning', () => {
  it('generates the schedule from the protocol in force at randomization, with windows', async () => {
    const visits = await visitsOf();
    // Every visit of sampleStructure counts from baseline; baseline is the randomization day
    // until the baseline visit is done. Screening (day -28) closed before the plan was made.
    expect(visits.map((v) => v.code)).toEqual(['BL', 'W4', 'W12', 'FU', 'EOS']);
    expect(byCode(visits, 'BL')).toMatchObject({ targetDate: day(-40), windowStart: day(-40), windowEnd: day(-40), status: 'scheduled' });
    expect(byCode(visits, 'W4')).toMatchObject({
      targetDate: day(-12),
      windowStart: day(-15),
      windowEnd: day(-9),
      protocolVersionId: w.protocol.id,
    });
    expect(byCode(visits, 'FU')).toMatchObject({ targetDate: day(72), windowStart: day(65), windowEnd: day(86) });
    expect(byCode(visits, 'W4').procedures.map((p) => [p.code, p.required, p.done])).toEqual([
      ['VS', true, null],
      ['PK', false, null],
    ]);
    // Its creation: its part of the participant's one schedule entry (ADR 0016).
    const rows = await visitAudits(byCode(visits, 'W12').id);
    expect(rows.map((r) => [r.entity_type, r.action])).toEqual([['participant_visit_schedule', 'create']]);
    expect(JSON.stringify(rows[0]?.changes)).toContain(day(44));
  });

  it('audits the generated schedule as one entry holding every visit, which each visit reads as its creation', async () => {
    const visits = await visitsOf();
    const entries = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'participant_visit_schedule')
      .where('entity_id', '=', participantId)
      .execute();
    // Randomization planned them all at once (ADR 0016): one entry, no row per visit.
    expect(entries).toHaveLength(1);
    const entry = entries[0] as (typeof entries)[number];
    expect(entry.action).toBe('create');
    const held = (entry.changes as { field: string; old: unknown; new: Record<string, unknown> }[]).map((c) => {
      expect([c.field, c.old]).toEqual(['visit', null]);
      return c.new;
    });
    expect(held.map((v) => v.id).sort()).toEqual(visits.map((v) => v.id).sort());
    const w12 = byCode(visits, 'W12');
    expect(held.find((v) => v.id === w12.id)).toEqual({
      id: w12.id,
      code: 'W12',
      name: w12.name,
      kind: w12.kind,
      protocolVersionId: w12.protocolVersionId,
      targetDate: day(44),
      windowStart: w12.windowStart,
      windowEnd: w12.windowEnd,
      status: 'scheduled',
    });
    expect(
      await t.database.db
        .selectFrom('audit_events')
        .select('seq')
        .where('entity_type', '=', 'participant_visit')
        .where(
          'entity_id',
          'in',
          visits.map((v) => v.id),
        )
        .execute(),
    ).toEqual([]);

    // The visit's history: the entry, narrowed to this visit, read as its creation.
    const history = (await coordinator.get(`/api/audit?entityType=participant_visit&entityId=${w12.id}`)).json() as {
      items: { seq: string; entityType: string; changes: unknown[]; readableChanges: { label: string; newText: string }[] }[];
    };
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({
      seq: entry.seq,
      entityType: 'participant_visit_schedule',
      changes: [{ field: 'visit', new: { id: w12.id } }],
    });
    expect(history.items[0]?.readableChanges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ label: 'Code', newText: 'W12' }),
        expect.objectContaining({ label: 'Target date', newText: day(44) }),
        expect.objectContaining({ label: 'Status', newText: 'Scheduled' }),
      ]),
    );
    // The participant's history: the whole entry, read visit by visit.
    const participantHistory = (await coordinator.get(`/api/audit?entityType=participant&entityId=${participantId}&limit=200`)).json() as {
      items: { entityType: string; entityLabel: string; readableChanges: { label: string; newText: string }[] }[];
    };
    const schedule = participantHistory.items.find((e) => e.entityType === 'participant_visit_schedule');
    expect(schedule?.entityLabel).toMatch(/^Visit schedule: Participant /);
    expect(schedule?.readableChanges[0]).toMatchObject({
      label: 'Schedule generated',
      newText: expect.stringMatching(new RegExp(`^${visits.length} visits \\(${visits.length} scheduled\\), Protocol version `)),
    });
    expect(schedule?.readableChanges).toContainEqual(
      expect.objectContaining({
        label: `W12 · ${w12.name}`,
        newText: `Scheduled; target ${day(44)}, window ${w12.windowStart} to ${w12.windowEnd}; Kind: ${w12.kind.charAt(0).toUpperCase()}${w12.kind.slice(1)}`,
      }),
    );
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ whole: true });
  });

  it('refuses a completion with a procedure not done and no reason, and changes nothing', async () => {
    const w4 = byCode(await visitsOf(), 'W4');
    const res = await complete(w4, {
      actualDate: day(-7),
      procedures: [
        { code: 'VS', done: true },
        { code: 'PK', done: false },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ pointer: '/procedures/1/notDoneReason' })]);
    const missing = await complete(w4, { actualDate: day(5), procedures: [{ code: 'VS', done: true }] });
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(['/actualDate', '/procedures']);
    expect(byCode(await visitsOf(), 'W4')).toMatchObject({ status: 'scheduled', version: w4.version, actualDate: null });
    expect((await complete(w4, { actualDate: day(-7), procedures: [] }, outsider)).statusCode).toBe(404);
    const stale = await coordinator.post(
      `/api/participant-visits/${w4.id}/completion`,
      { actualDate: day(-7), procedures: [] },
      { 'if-match': '"99"' },
    );
    expect(stale.statusCode).toBe(412);
  });

  it('completes baseline in window and week 4 two days late, with a deviation naming its source', async () => {
    const bl = byCode(await visitsOf(), 'BL');
    const done = await complete(bl, {
      actualDate: day(-40),
      procedures: [
        { code: 'VS', done: true },
        { code: 'ECG', done: false, notDoneReason: 'ECG machine out of service' },
      ],
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', actualDate: day(-40), deviationIds: [] });
    expect(done.json().procedures).toEqual([
      expect.objectContaining({ code: 'VS', done: true, notDoneReason: null }),
      expect.objectContaining({ code: 'ECG', done: false, notDoneReason: 'ECG machine out of service' }),
    ]);
    const participant = await t.database.db
      .selectFrom('participants')
      .selectAll()
      .where('id', '=', participantId)
      .executeTakeFirstOrThrow();
    expect(participant).toMatchObject({ baseline_on: day(-40), status: 'enrolled' });

    const w4 = byCode(await visitsOf(), 'W4');
    const late = await complete(w4, {
      actualDate: day(-7),
      procedures: [
        { code: 'VS', done: true },
        { code: 'PK', done: false, notDoneReason: 'Sample tube unavailable' },
      ],
    });
    expect(late.statusCode).toBe(200);
    expect(late.json().deviationIds).toHaveLength(1);
    const [deviation] = await deviationsOf();
    expect(deviation).toMatchObject({
      category: 'visit_out_of_window',
      detected: 'automatic',
      sourceEntityType: 'participant_visit',
      sourceEntityId: w4.id,
      visitId: w4.id,
      occurredOn: day(-7),
      status: 'open',
    });
    expect(deviation?.description).toContain('2 days late');
    expect(deviation?.description).not.toContain('Robin');
    const after = await t.database.db
      .selectFrom('participants')
      .select(['status', 'version'])
      .where('id', '=', participantId)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('on_treatment');
    const statusAudit = await audits(participantId);
    expect(statusAudit.at(-1)).toMatchObject({ entity_type: 'participant', action: 'status_change' });
    expect(await audits(deviation?.id ?? '')).toEqual([expect.objectContaining({ entity_type: 'protocol_deviation', action: 'create' })]);
    expect((await complete(byCode(await visitsOf(), 'W4'), { actualDate: day(-7), procedures: [] })).statusCode).toBe(409);
  });

  it('re-plans future visits when an amendment is approved at the site; done visits stay', async () => {
    const before = await visitsOf();
    const structure = sampleStructure();
    const of = (code: string) => structure.visits.find((v) => v.code === code) as (typeof structure.visits)[number];
    const added = (code: string, targetDay: number) => ({
      code,
      name: `Added ${code}`,
      kind: 'treatment' as const,
      anchor: 'baseline' as const,
      targetDay,
      windowBeforeDays: 3,
      windowAfterDays: 3,
      procedures: [{ code: 'VS', name: 'Vital signs', required: true }],
    });
    const v2 = await makeFinalProtocol(
      t.database.db,
      w.study.id,
      {
        ...structure,
        versionLabel: '2.0',
        // Follow-up dropped, week 12 moved, weeks 2 and 8 added.
        visits: [
          of('SCR'),
          of('BL'),
          added('W2', 14),
          of('W4'),
          added('W8', 56),
          { ...of('W12'), targetDay: 90, windowBeforeDays: 5, windowAfterDays: 5 },
          of('EOS'),
          of('UNS'),
        ],
      },
      w.clock,
    );
    await approveProtocol(t.database.db, w.ids, v2.id, day(0), w.clock);

    const after = await visitsOf();
    expect(byCode(after, 'BL')).toEqual(byCode(before, 'BL'));
    expect(byCode(after, 'W4')).toEqual(byCode(before, 'W4'));
    expect(byCode(after, 'W4')).toMatchObject({ protocolVersionId: w.protocol.id, status: 'completed' });
    expect(byCode(after, 'W12')).toMatchObject({ targetDate: day(50), windowStart: day(45), windowEnd: day(55), protocolVersionId: v2.id });
    expect(byCode(after, 'FU').status).toBe('cancelled');
    expect(byCode(after, 'W8')).toMatchObject({
      targetDate: day(16),
      windowStart: day(13),
      windowEnd: day(19),
      status: 'scheduled',
      protocolVersionId: v2.id,
    });
    // Week 2 falls before the approval: a new version does not plan the past.
    expect(after.some((v) => v.code === 'W2')).toBe(false);
    expect(byCode(after, 'EOS')).toMatchObject({ targetDate: day(100), protocolVersionId: v2.id });

    const w12Audit = await visitAudits(byCode(after, 'W12').id);
    expect(w12Audit.map((r) => r.action)).toEqual(['create', 'update']);
    expect(w12Audit[1]?.changes).toEqual(expect.arrayContaining([{ field: 'targetDate', old: day(44), new: day(50) }]));
    expect((await audits(byCode(after, 'FU').id)).at(-1)).toMatchObject({
      action: 'status_change',
      changes: [{ field: 'status', old: 'scheduled', new: 'cancelled' }],
    });
  });

  it('opens re-consent tasks for a new consent form, and a visit while one is outstanding is a deviation', async () => {
    const icf2 = await makeIcfVersion(t.database.db, w.study.id, '2.0');
    await approveIcf(t.database.db, w.ids, icf2.id, day(-1), w.clock);
    const tasks = await t.database.db.selectFrom('reconsent_tasks').selectAll().where('participant_id', '=', participantId).execute();
    expect(tasks).toEqual([expect.objectContaining({ icf_version_id: icf2.id, due_from: day(-1), status: 'open' })]);
    expect(await audits(tasks[0]?.id ?? '')).toEqual([expect.objectContaining({ entity_type: 'reconsent_task', action: 'create' })]);

    const res = await coordinator.post(`/api/participants/${participantId}/visits`, {
      name: 'Adverse event check',
      actualDate: day(0),
      procedures: [{ code: 'VS', name: 'Vital signs', done: true }],
    });
    expect(res.statusCode).toBe(201);
    const visit = res.json() as ParticipantVisit;
    expect(visit).toMatchObject({ kind: 'unscheduled', status: 'completed', targetDate: null, actualDate: day(0) });
    expect(visit.deviationIds).toHaveLength(1);
    const deviation = (await deviationsOf()).find((d) => d.category === 'superseded_consent');
    expect(deviation).toMatchObject({ sourceEntityType: 'participant_visit', sourceEntityId: visit.id, occurredOn: day(0) });
    expect(deviation?.description).toContain('2.0');

    const noName = await coordinator.post(`/api/participants/${participantId}/visits`, { actualDate: day(0) });
    expect(noName.statusCode).toBe(400);
  });

  it('records manual deviations without names or arms, and a monitor assesses them', async () => {
    const named = await coordinator.post(`/api/participants/${participantId}/deviations`, {
      category: 'procedure',
      description: 'Robin Example took the wrong dose',
      occurredOn: day(-2),
    });
    expect(named.statusCode).toBe(400);
    expect(named.json().errors[0].pointer).toBe('/description');
    const arm = await coordinator.post(`/api/participants/${participantId}/deviations`, {
      category: 'procedure',
      description: 'Dispensed placebo kit twice',
      occurredOn: day(-2),
    });
    expect(arm.statusCode).toBe(400);
    const created = await coordinator.post(`/api/participants/${participantId}/deviations`, {
      category: 'procedure',
      description: 'Fasting not confirmed before labs',
      occurredOn: day(-2),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ detected: 'manual', sourceEntityId: null, status: 'open' });

    const target = (await deviationsOf()).find((d) => d.category === 'visit_out_of_window') as Deviation;
    expect(
      (
        await coordinator.post(
          `/api/deviations/${target.id}/assessment`,
          { importance: 'important', assessment: 'x' },
          { 'if-match': '"1"' },
        )
      ).statusCode,
    ).toBe(403);
    const read = await cra.get(`/api/deviations/${target.id}`);
    expect(read.statusCode).toBe(200);
    const assessed = await cra.post(
      `/api/deviations/${target.id}/assessment`,
      { importance: 'not_important', assessment: 'Two days late; no safety or data impact.' },
      { 'if-match': read.headers.etag as string },
    );
    expect(assessed.statusCode).toBe(200);
    expect(assessed.json()).toMatchObject({ status: 'assessed', importance: 'not_important', assessedByUserId: w.cra.user.id });
    expect((await audits(target.id)).map((r) => r.action)).toEqual(['create', 'status_change']);

    const list = await cra.get(`/api/deviations?studyId=${w.study.id}&status=assessed`);
    expect(list.json().items.map((d: Deviation) => d.id)).toEqual([target.id]);
    const all = await cra.get(`/api/deviations?studySiteId=${w.studySite.id}&limit=2`);
    expect(all.json().items).toHaveLength(2);
    const next = await cra.get(`/api/deviations?studySiteId=${w.studySite.id}&limit=2&cursor=${all.json().nextCursor}`);
    expect(next.json().items).toHaveLength(1);
    expect(JSON.stringify([...all.json().items, ...next.json().items])).not.toMatch(/Robin|Placebo|Study drug/);
  });

  it("answers 404 for another tenant's visits and deviations", async () => {
    const [deviation] = await deviationsOf();
    expect((await outsider.get(`/api/participant-visits/${byCode(await visitsOf(), 'W12').id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/participants/${participantId}/visits`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/participants/${participantId}/deviations`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/deviations/${deviation?.id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/study-sites/${w.studySite.id}/missed-visit-check`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/deviations?studyId=${w.study.id}`)).json().items).toEqual([]);
    expect((await coordinator.get(`/api/participant-visits/${otherTenantVisitId}`)).statusCode).toBe(404);
  });

  it('marks a visit missed once its window closed at the site, once however often the check runs', async () => {
    t.clock.advance(25 * 24 * 60 * 60 * 1000);
    const now = t.clock.now();
    expect(localDate(now, w.site.timeZone)).toBe(addDays(w.today, 25));
    const fresh = client(
      t.app,
      (await makeUser(t.database.db, w.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: w.site.id }], now)).cookie,
    );
    const first = await fresh.post(`/api/study-sites/${w.studySite.id}/missed-visit-check`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ missed: 1, deviationsCreated: 1 });
    const again = await detectMissedVisits(
      t.database.db,
      systemContext('test', () => now),
      now,
      { studySiteId: w.studySite.id },
    );
    expect(again).toEqual({ missed: 0, deviationsCreated: 0 });

    const visits = ((await fresh.get(`/api/participants/${participantId}/visits`)).json() as { items: ParticipantVisit[] }).items;
    const w8 = byCode(visits, 'W8');
    expect(w8.status).toBe('missed');
    expect(byCode(visits, 'W12').status).toBe('scheduled');
    const missed = ((await fresh.get(`/api/participants/${participantId}/deviations`)).json() as { items: Deviation[] }).items.filter(
      (d) => d.category === 'missed_visit',
    );
    expect(missed).toEqual([expect.objectContaining({ sourceEntityId: w8.id, visitId: w8.id, occurredOn: day(19) })]);
    expect((await visitAudits(w8.id, fresh)).map((r) => r.action)).toEqual(['create', 'status_change']);
  });
});

describe('schedules with anchors', () => {
  it('counts visits from consent and randomization, and from the baseline visit once done', async () => {
    const db = t.database.db;
    const tenant = await makeTenant(db);
    const now = t.clock.now();
    const today = localDate(now, 'America/Chicago');
    const d = (n: number) => addDays(today, n);
    const ids = { studyId: tenant.study.id, studySiteId: tenant.studySite.id };
    const visit = (
      code: string,
      kind: 'screening' | 'baseline' | 'treatment',
      anchor: 'consent' | 'randomization' | 'baseline',
      targetDay: number,
    ) => ({
      code,
      name: code,
      kind,
      anchor,
      targetDay,
      windowBeforeDays: 1,
      windowAfterDays: 1,
      procedures: [],
    });
    const protocol = await makeFinalProtocol(db, tenant.study.id, {
      visits: [
        visit('SCR', 'screening', 'consent', 7),
        visit('BL', 'baseline', 'randomization', 3),
        visit('T1', 'treatment', 'baseline', 10),
      ],
    });
    await approveProtocol(db, ids, protocol.id, d(-100), () => now);
    const icf = await makeIcfVersion(db, tenant.study.id, '1.0');
    await approveIcf(db, ids, icf.id, d(-100), () => now);
    const world = { ...w, ...tenant, ids, icf, clock: () => now } as VisitWorld;
    const screening = await makeVisitParticipant(db, world, { consentedOn: d(-30) });
    expect(
      await db.selectFrom('participant_visits').select(['code', 'target_date']).where('participant_id', '=', screening.id).execute(),
    ).toEqual([{ code: 'SCR', target_date: d(-23) }]);
    const randomized = await makeVisitParticipant(db, world, { consentedOn: d(-30), enrolledOn: d(-20) });
    const rows = await db
      .selectFrom('participant_visits')
      .selectAll()
      .where('participant_id', '=', randomized.id)
      .orderBy('sequence')
      .execute();
    expect(rows.map((r) => [r.code, r.target_date])).toEqual([
      ['SCR', d(-23)],
      ['BL', d(-17)],
      ['T1', d(-7)],
    ]);
    const site = await makeUser(db, tenant.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: tenant.site.id }], now);
    const bl = rows[1] as (typeof rows)[number];
    const res = await client(t.app, site.cookie).post(
      `/api/participant-visits/${bl.id}/completion`,
      { actualDate: d(-15), procedures: [] },
      { 'if-match': `"${bl.version}"` },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().deviationIds).toHaveLength(1);
    const t1 = await db
      .selectFrom('participant_visits')
      .selectAll()
      .where('participant_id', '=', randomized.id)
      .where('code', '=', 'T1')
      .executeTakeFirstOrThrow();
    expect(t1).toMatchObject({ target_date: d(-5), window_start: d(-6), window_end: d(-4) });
  });
});

describe("a visit's completion written without its answer (what the demo seed calls)", () => {
  it("commits and rolls back with the caller's transaction, audit row included", async () => {
    const db = t.database.db;
    const participant = await makeVisitParticipant(db, w, { consentedOn: day(-50), enrolledOn: day(-40) });
    const baseline = () =>
      db
        .selectFrom('participant_visits')
        .selectAll()
        .where('participant_id', '=', participant.id)
        .where('code', '=', 'BL')
        .executeTakeFirstOrThrow();
    const bl = await baseline();
    const auditsBefore = (await audits(bl.id)).length;
    const ctx = await userContext(db, w.coordinator.user.id, w.clock);
    const input = {
      actualDate: day(-40),
      procedures: [
        { code: 'VS', done: true },
        { code: 'ECG', done: true },
      ],
    };
    const undo = new Error('the caller changes its mind');
    await expect(
      db.transaction().execute(async (tx) => {
        await completeVisitWrite(tx, ctx, bl.id, bl.version, input);
        throw undo;
      }),
    ).rejects.toBe(undo);
    expect(await baseline()).toMatchObject({ status: 'scheduled', version: bl.version });
    expect((await audits(bl.id)).length).toBe(auditsBefore);

    await db.transaction().execute((tx) => completeVisitWrite(tx, ctx, bl.id, bl.version, input));
    expect(await baseline()).toMatchObject({ status: 'completed', actual_date: day(-40) });
    expect((await audits(bl.id)).length).toBe(auditsBefore + 1);
  });
});
