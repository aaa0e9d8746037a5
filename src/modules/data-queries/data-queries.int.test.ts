import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../../test/support/factories.js';
import { expectProblem } from '../../../test/support/problems.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { makeVisitParticipant, makeVisitWorld, type VisitWorld } from '../../../test/support/visit-factories.js';
import { systemContext } from '../../platform/context.js';
import type { DataQueryWithMessages, ParticipantQueryCounts, QueryCounts } from './data-query.schemas.js';
import { reconcileEditCheckQueries } from './edit-check-queries.js';

let t: TestApp;
let w: VisitWorld;
let coordinator: Client;
let cra: Client;
let dataManager: Client;
let outsider: Client;
let participantId: string;
let otherParticipantVisit: string;
let visitId: string;

const item = { formOid: 'F.VS', itemGroupOid: 'IG.VS', itemOid: 'I.SYSBP' };
const raise = (body: Record<string, unknown>, as = cra, id = participantId) => as.post(`/api/participants/${id}/queries`, body);
const step = (q: { id: string; version: number }, action: string, text: string, as: Client) =>
  as.post(`/api/queries/${q.id}/steps`, { action, text }, { 'if-match': `"${q.version}"` });
const audits = (entityId: string) =>
  t.database.db.selectFrom('audit_events').selectAll().where('entity_id', '=', entityId).orderBy('seq').execute();
const queryCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('data_queries')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  w = await makeVisitWorld(db, t.clock.now());
  coordinator = client(t.app, w.coordinator.cookie);
  cra = client(t.app, w.cra.cookie);
  const dm = await makeUser(db, w.cro.id, [{ role: 'data_manager', scopeType: 'study', scopeId: w.study.id }], t.clock.now());
  dataManager = client(t.app, dm.cookie);
  participantId = (await makeVisitParticipant(db, w, { consentedOn: w.day(-50), enrolledOn: w.day(-40), fullName: 'Morgan Quinlan' })).id;
  const visits = (await coordinator.get(`/api/participants/${participantId}/visits`)).json().items as { id: string }[];
  visitId = (visits[0] as { id: string }).id;
  const second = (await makeVisitParticipant(db, w, { consentedOn: w.day(-50), enrolledOn: w.day(-40) })).id;
  otherParticipantVisit = ((await coordinator.get(`/api/participants/${second}/visits`)).json().items[0] as { id: string }).id;
  const other = await makeVisitWorld(db, t.clock.now());
  outsider = client(t.app, other.cra.cookie);
});
afterAll(() => t.close());

describe('a data query from question to close', () => {
  let query: DataQueryWithMessages;

  it('a CRA raises a query on one item, assigned to the coordinator and due in a week, audited', async () => {
    const res = await raise({
      visitId,
      ...item,
      text: 'Systolic 210: please confirm against source.',
      assigneeUserId: w.coordinator.user.id,
      dueOn: w.day(7),
    });
    expect(res.statusCode, res.body).toBe(201);
    query = res.json();
    expect(query).toMatchObject({
      participantId,
      visitId,
      ...item,
      repeatKey: 1,
      scope: 'item',
      origin: 'manual',
      status: 'open',
      assigneeUserId: w.coordinator.user.id,
      dueOn: w.day(7),
      ageDays: 0,
      overdue: false,
      version: 1,
    });
    expect(query.subjectNumber).toMatch(/^V-/);
    expect(JSON.stringify(query)).not.toContain('Quinlan');
    expect(query.messages).toEqual([expect.objectContaining({ kind: 'question', text: 'Systolic 210: please confirm against source.' })]);
    const [created] = await audits(query.id);
    expect(created).toMatchObject({ entity_type: 'data_query', action: 'create', actor_user_id: w.cra.user.id });
  });

  it('the site answers, the CRA re-opens, the site answers again and the CRA closes: each step a message and an audit row', async () => {
    let res = await step(query, 'answer', 'Source says 120; typo corrected.', coordinator);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'answered', version: 2 });
    expect(res.json().answeredAt).not.toBeNull();
    res = await step(res.json(), 'reopen', 'The value still reads 210 on the form.', cra);
    expect(res.json()).toMatchObject({ status: 'open' });
    res = await step(res.json(), 'answer', 'Now corrected on the form.', coordinator);
    res = await step(res.json(), 'close', 'Confirmed.', cra);
    expect(res.statusCode, res.body).toBe(200);
    query = res.json();
    expect(query).toMatchObject({ status: 'closed', version: 5 });
    expect(query.messages.map((m) => m.kind)).toEqual(['question', 'answer', 'reopen', 'answer', 'close']);
    const steps = (await audits(query.id)).filter((a) => a.action === 'status_change');
    expect(steps.map((a) => (a.changes as { field: string; new: unknown }[])[0]?.new)).toEqual(['answered', 'open', 'answered', 'closed']);
  });

  it('refuses a step the status does not allow (409), a stale version (412), and a step the role does not hold (403)', async () => {
    expectProblem(await step(query, 'answer', 'Late answer', coordinator), 409);
    expectProblem(await step({ ...query, version: 1 }, 'reopen', 'Again', cra), 412);
    const open = (await raise({ text: 'Please check the consent date.' })).json() as DataQueryWithMessages;
    expectProblem(await step(open, 'answer', 'I am a CRA', cra), 403);
    expectProblem(await step(open, 'close', 'I am the site', coordinator), 403);
    expectProblem(await raise({ text: 'Sites do not raise queries here.' }, coordinator), 403);
    const closed = await step(open, 'close', 'Raised in error.', dataManager);
    expect(closed.json()).toMatchObject({ status: 'closed', scope: 'participant', visitId: null, formOid: null });
  });
});

describe('bad input changes nothing', () => {
  it('names the field: a participant name in the text, a visit of someone else, an item without its form, a stranger as assignee', async () => {
    const before = await queryCount();
    expectProblem(await raise({ text: 'Morgan Quinlan says the value is right' }), 400, ['/text']);
    expectProblem(await raise({ visitId: otherParticipantVisit, formOid: 'F.VS', text: 'Which visit?' }), 400, ['/visitId']);
    expectProblem(await raise({ formOid: 'F.VS', text: 'No visit named' }), 400, ['/visitId']);
    expectProblem(await raise({ visitId, formOid: 'F.VS', itemOid: 'I.X', text: 'No group' }), 400, ['/itemGroupOid']);
    expectProblem(await raise({ visitId, formOid: 'F VS<script>', text: 'Bad OID' }), 400, ['/formOid']);
    expectProblem(await raise({ text: 'x', assigneeUserId: randomUUID() }), 400, ['/assigneeUserId']);
    expectProblem(await raise({ text: '\u0000' }), 400);
    expect(await queryCount()).toBe(before);
  });
});

describe('the inbox and the counts', () => {
  it("lists a site's unresolved queries oldest first, and those assigned to me", async () => {
    const a = (await raise({ visitId, formOid: 'F.AE', text: 'AE start date missing.', assigneeUserId: w.coordinator.user.id })).json();
    t.clock.advance(1000);
    const b = (await raise({ visitId, formOid: 'F.CM', text: 'Dose unit?' }, dataManager)).json();
    const inbox = (await coordinator.get(`/api/queries?studySiteId=${w.studySite.id}&status=unresolved`)).json();
    const ids = inbox.items.map((q: { id: string }) => q.id);
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
    expect(inbox.items.every((q: { status: string }) => q.status !== 'closed')).toBe(true);
    const mine = (await coordinator.get('/api/queries?assignedToMe=true&status=unresolved')).json();
    expect(mine.items.map((q: { id: string }) => q.id)).toContain(a.id);
    expect(mine.items.map((q: { id: string }) => q.id)).not.toContain(b.id);
    const paged = (await coordinator.get(`/api/queries?studySiteId=${w.studySite.id}&limit=1`)).json();
    const next = (await coordinator.get(`/api/queries?studySiteId=${w.studySite.id}&limit=1&cursor=${paged.nextCursor}`)).json();
    expect(next.items[0].id).not.toBe(paged.items[0].id);
    expectProblem(await coordinator.get('/api/queries?cursor=bm90IGEgY3Vyc29y'), 400);
  });

  it('counts per site and status from the kept counts, and per form for one participant', async () => {
    const counts = (await cra.get(`/api/queries/counts?studyId=${w.study.id}`)).json() as QueryCounts;
    const all = await t.database.db.selectFrom('data_queries').select(['status']).where('study_id', '=', w.study.id).execute();
    const expected = { open: 0, answered: 0, closed: 0 };
    for (const q of all) expected[q.status as keyof typeof expected] += 1;
    expect(counts.total).toEqual(expected);
    expect(counts.sites).toEqual([expect.objectContaining({ studySiteId: w.studySite.id, ...expected })]);
    const perForm = (await cra.get(`/api/participants/${participantId}/query-counts`)).json() as ParticipantQueryCounts;
    expect(perForm.forms).toEqual(expect.arrayContaining([{ visitId, formOid: 'F.AE', open: 1, answered: 0, closed: 0 }]));
  });

  it("answers 404 for another tenant's query, participant and study", async () => {
    const [any] = (await cra.get('/api/queries')).json().items;
    expectProblem(await outsider.get(`/api/queries/${any.id}`), 404);
    expectProblem(await step(any, 'close', 'Not mine', outsider), 404);
    expectProblem(await raise({ text: 'Not mine' }, outsider), 404);
    expectProblem(await outsider.get(`/api/queries/counts?studyId=${w.study.id}`), 404);
    expectProblem(await outsider.get(`/api/participants/${participantId}/query-counts`), 404);
    expect((await outsider.get('/api/queries')).json().items).toEqual([]);
  });
});

describe('queries opened and closed by edit checks', () => {
  it('a failing soft check opens one query on its item; the same failure again opens none; the corrected value closes it, audited', async () => {
    const db = t.database.db;
    const participant = await db
      .selectFrom('participants')
      .select(['id', 'study_id', 'study_site_id'])
      .where('id', '=', participantId)
      .executeTakeFirstOrThrow();
    const form = { participant, participantVisitId: visitId, formOid: 'F.VS' };
    const failure = {
      itemGroupOid: 'IG.VS',
      repeatKey: 1,
      itemOid: 'I.DIABP',
      checkKey: 'range:I.DIABP:LE',
      message: 'Diastolic above 120: check.',
    };
    const ctx = systemContext('test-save', t.clock.now);
    const first = await db.transaction().execute((tx) => reconcileEditCheckQueries(tx, ctx, form, [failure]));
    expect(first.opened).toHaveLength(1);
    expect(first.closed).toEqual([]);
    const again = await db.transaction().execute((tx) => reconcileEditCheckQueries(tx, ctx, form, [failure]));
    expect(again).toEqual({ opened: [], closed: [] });
    const opened = (await coordinator.get(`/api/queries/${first.opened[0]}`)).json() as DataQueryWithMessages;
    expect(opened).toMatchObject({
      origin: 'edit_check',
      checkKey: 'range:I.DIABP:LE',
      status: 'open',
      itemOid: 'I.DIABP',
      text: failure.message,
    });
    const corrected = await db.transaction().execute((tx) => reconcileEditCheckQueries(tx, ctx, form, []));
    expect(corrected).toEqual({ opened: [], closed: first.opened });
    const closed = (await coordinator.get(`/api/queries/${first.opened[0]}`)).json() as DataQueryWithMessages;
    expect(closed.status).toBe('closed');
    expect(closed.messages.at(-1)).toMatchObject({ kind: 'close', text: 'Closed by the edit check: the value now passes.' });
    expect((await audits(closed.id)).map((a) => a.action)).toEqual(['create', 'status_change']);
    // A manual query on the same item is a person's to close, never the check's.
    const manual = (await raise({ visitId, formOid: 'F.VS', itemGroupOid: 'IG.VS', itemOid: 'I.DIABP', text: 'Unit?' })).json();
    await db.transaction().execute((tx) => reconcileEditCheckQueries(tx, ctx, form, []));
    expect((await cra.get(`/api/queries/${manual.id}`)).json().status).toBe('open');
  });
});
