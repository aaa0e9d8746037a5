import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataEntryWorld } from '../../../test/support/data-entry-factories.js';
import { makeUser } from '../../../test/support/factories.js';
import { expectProblem, refusedWithoutChange } from '../../../test/support/problems.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { makeVisitParticipant, makeVisitWorld, type VisitWorld } from '../../../test/support/visit-factories.js';

let t: TestApp;
let world: VisitWorld;
let coordinator: Client;
let cra: Client;
let otherCoordinator: Client;
let participantId: string;
let subjectNumber: string;
let baselineVisitId: string;
let plainVisitId: string;

type Entry = {
  status: string;
  version: number;
  firstSavedAt: string | null;
  reasonRequired: boolean;
  subjectNumber: string;
  itemGroups: {
    oid: string;
    repeating: boolean;
    repeatKeys: number[];
    note: string | null;
    items: {
      oid: string;
      question: string | null;
      dataType: string;
      mandatory: boolean;
      note: string | null;
      units: { oid: string; symbol: string }[];
      codeList: { codedValue: string; decode: string | null }[] | null;
      rangeChecks: { comparator: string | null; softHard: string }[];
    }[];
  }[];
  values: { itemGroupOid: string; repeatKey: number; itemOid: string; value: string; measurementUnitOid: string | null }[];
  softChecks: { itemOid: string; message: string }[];
};

const formUrl = (visitId: string, formOid: string) => `/api/participant-visits/${visitId}/forms/${formOid}`;
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const v = (itemGroupOid: string, itemOid: string, value: string | null, repeatKey = 1) => ({ itemGroupOid, itemOid, value, repeatKey });

/** A complete Laboratory form (F_LAB): the common items and the hematology items not under a condition. */
const completeLab = [
  v('IG_COMMON', 'I_SITE', '12'),
  v('IG_COMMON', 'I_SUBJECTID', 'S-0001'),
  v('IG_COMMON', 'I_VISIT', '2026-11-30'),
  v('IG_COMMON', 'I_VISITTIME', '09:30'),
  v('IG_LB_HEMATOLOGY', 'I_LB_NAME', 'Central lab'),
  v('IG_LB_HEMATOLOGY', 'I_LB_ID', 'L1'),
  v('IG_LB_HEMATOLOGY', 'I_LB_ACCESSION', '4711'),
  v('IG_LB_HEMATOLOGY', 'I_LB_RBC_NOTDONE', 'false'),
  v('IG_LB_HEMATOLOGY', 'I_LB_WBC_NOTDONE', 'true'),
];

async function auditOf(entryId: string) {
  return t.database.db
    .selectFrom('audit_events')
    .select(['action', 'changes', 'reason', 'actor_user_id'])
    .where('entity_type', '=', 'crf_form_entry')
    .where('entity_id', '=', entryId)
    .orderBy('seq')
    .execute();
}

async function entryIdOf(visitId: string, formOid: string) {
  const row = await t.database.db
    .selectFrom('crf_form_entries')
    .select('id')
    .where('participant_visit_id', '=', visitId)
    .where('form_oid', '=', formOid)
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  world = await makeDataEntryWorld(db, t.clock.now());
  coordinator = client(t.app, world.coordinator.cookie);
  cra = client(t.app, world.cra.cookie);
  const participant = await makeVisitParticipant(db, world, {
    consentedOn: world.day(-40),
    enrolledOn: world.day(-30),
    fullName: 'Harriet Hidden',
  });
  participantId = participant.id;
  subjectNumber = participant.subject_number;
  const visits = await db.selectFrom('participant_visits').select(['id', 'code']).where('participant_id', '=', participant.id).execute();
  baselineVisitId = visits.find((visit) => visit.code === 'BASELINE')?.id as string;

  // Another tenant whose protocol has no CRF metadata.
  const plain = await makeVisitWorld(db, t.clock.now());
  otherCoordinator = client(t.app, plain.coordinator.cookie);
  const plainParticipant = await makeVisitParticipant(db, plain, { consentedOn: plain.day(-40), enrolledOn: plain.day(-30) });
  const plainVisits = await db
    .selectFrom('participant_visits')
    .select(['id', 'code'])
    .where('participant_id', '=', plainParticipant.id)
    .execute();
  plainVisitId = plainVisits.find((visit) => visit.code === 'BL')?.id as string;
});
afterAll(() => t.close());

describe('the forms of a participant visit', () => {
  it('lists each visit with the forms of the study events mapped to it, not started', async () => {
    const response = await coordinator.get(`/api/participants/${participantId}/forms`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.subjectNumber).toBe(subjectNumber);
    const baseline = body.visits.find((visit: { visitCode: string }) => visit.visitCode === 'BASELINE');
    expect(baseline.hasCrfMetadata).toBe(true);
    expect(baseline.forms.map((f: { formOid: string; status: string }) => [f.formOid, f.status])).toEqual([
      ['F_BASELINE', 'not_started'],
      ['F_CM', 'not_started'],
      ['F_LAB', 'not_started'],
      ['F_COMPLAINTS_REL_SMOKING', 'not_started'],
    ]);
    const week1 = body.visits.find((visit: { visitCode: string }) => visit.visitCode === 'W1');
    expect(week1.forms.map((f: { formOid: string }) => f.formOid)).toEqual(['F_WEEK_1_2', 'F_LAB']);

    const one = await coordinator.get(`/api/participant-visits/${baselineVisitId}/forms`);
    expect(one.statusCode).toBe(200);
    expect(one.json().forms).toHaveLength(4);
  });

  it('renders a form from the metadata in the language asked for, with types, units, code lists, checks and condition notes', async () => {
    const response = await coordinator.get(`${formUrl(baselineVisitId, 'F_BASELINE')}?lang=de`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers.etag).toBe('"0"');
    const entry: Entry = response.json();
    expect(entry.status).toBe('not_started');
    expect(response.json()).toMatchObject({ language: 'de', languages: ['de', 'en', 'fr', 'it', 'ko'] });
    const items = entry.itemGroups.flatMap((g) => g.items);
    const sysbp = items.find((i) => i.oid === 'I_SYSBP');
    expect(sysbp).toMatchObject({ question: 'Systolischer Blutdruck', dataType: 'integer', mandatory: false });
    expect(sysbp?.units.map((u) => u.symbol)).toEqual(['mm Hg']);
    expect(sysbp?.rangeChecks).toEqual([expect.objectContaining({ comparator: 'LT', softHard: 'Hard' })]);
    expect(items.find((i) => i.oid === 'I_SEX')?.codeList?.map((c) => c.codedValue)).toEqual(['M', 'F']);
    expect(items.find((i) => i.oid === 'I_DIZZY')?.note).toMatch(/COND\.DBP\.DIZZY/);
    expect(entry.itemGroups.find((g) => g.oid === 'IG_SMOKING_COMPLAINTS')?.note).toMatch(/COND\.IGUSE\.SMOKING_COMPLAINTS/);
  });

  it('answers a visit whose protocol version has no CRF metadata with no forms, and its form with 409', async () => {
    const list = await otherCoordinator.get(`/api/participant-visits/${plainVisitId}/forms`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ hasCrfMetadata: false, forms: [] });
    expectProblem(await otherCoordinator.get(formUrl(plainVisitId, 'F_LAB')), 409);
  });
});

describe('entering a form', () => {
  it('keeps a draft without required items, then refuses a save as complete that lacks them', async () => {
    const draft = await coordinator.put(
      formUrl(baselineVisitId, 'F_LAB'),
      { status: 'draft', values: [v('IG_COMMON', 'I_SITE', '12'), v('IG_LB_HEMATOLOGY', 'I_LB_RBC', '5.1')] },
      ifMatch(0),
    );
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.headers.etag).toBe('"1"');
    const body = draft.json();
    expect(body.entry).toMatchObject({ status: 'draft', version: 1, firstSavedAt: null, reasonRequired: false });
    expect(body.changes).toBe(2);

    const incomplete = await coordinator.put(formUrl(baselineVisitId, 'F_LAB'), { status: 'saved', values: [] }, ifMatch(1));
    const problem = expectProblem(incomplete, 400, ['/items/IG_COMMON/1/I_SUBJECTID', '/items/IG_LB_HEMATOLOGY/1/I_LB_NAME']);
    // Items under a condition not yet evaluated (RBC range limits) are not required.
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).not.toContain('/items/IG_LB_HEMATOLOGY/1/I_LB_RBC_LO');
    expect((await coordinator.get(formUrl(baselineVisitId, 'F_LAB'))).json().status).toBe('draft');

    const list = (await coordinator.get(`/api/participant-visits/${baselineVisitId}/forms`)).json();
    expect(list.forms.find((f: { formOid: string }) => f.formOid === 'F_LAB').status).toBe('draft');
  });

  it('refuses values of the wrong type, outside the code list or over a hard range check, naming the item, and writes nothing', async () => {
    const url = formUrl(baselineVisitId, 'F_LAB');
    await refusedWithoutChange(t.database.db, world.coordinator.user.id, [
      async () => {
        const body = expectProblem(
          await coordinator.put(url, { status: 'draft', values: [v('IG_LB_HEMATOLOGY', 'I_LB_RBC', '9.0')] }, ifMatch(1)),
          400,
          ['/values/0/value'],
        );
        expect(body.errors[0]).toMatchObject({ oid: 'I_LB_RBC', detail: expect.stringContaining('between 2.0 and 8.0') });
      },
      async () => {
        const body = expectProblem(
          await coordinator.put(
            url,
            {
              status: 'draft',
              values: [
                v('IG_COMMON', 'I_SITE', 'twelve'),
                v('IG_LB_HEMATOLOGY', 'I_LB_RBC', '5.1234'),
                v('IG_COMMON', 'I_VISIT', '2026-02-30'),
                v('IG_COMMON', 'I_VISITTIME', '25:00'),
                v('IG_LB_HEMATOLOGY', 'I_LB_RBC_NOTDONE', 'maybe'),
              ],
            },
            ifMatch(1),
          ),
          400,
          ['/values/0/value', '/values/1/value', '/values/2/value', '/values/3/value', '/values/4/value'],
        );
        expect(body.errors.map((e: { oid: string }) => e.oid)).toEqual([
          'I_SITE',
          'I_LB_RBC',
          'I_VISIT',
          'I_VISITTIME',
          'I_LB_RBC_NOTDONE',
        ]);
      },
      async () => {
        const body = expectProblem(
          await coordinator.put(
            formUrl(baselineVisitId, 'F_BASELINE'),
            { status: 'draft', values: [v('IG_DM', 'I_SEX', 'X'), v('IG_PE_BASE', 'I_SYSBP', '190')] },
            ifMatch(0),
          ),
          400,
          ['/values/0/value', '/values/1/value'],
        );
        expect(body.errors.map((e: { oid: string }) => e.oid)).toEqual(['I_SEX', 'I_SYSBP']);
      },
      async () => {
        expectProblem(await coordinator.put(url, { status: 'draft', values: [v('IG_NOPE', 'I_SITE', '1')] }, ifMatch(1)), 400, [
          '/values/0/itemGroupOid',
        ]);
      },
    ]);
    expect(await t.database.db.selectFrom('crf_form_entries').select('id').where('form_oid', '=', 'F_BASELINE').execute()).toEqual([]);
  });

  it('saves a complete form, keeping a value that fails a soft check and reporting it', async () => {
    const response = await coordinator.put(
      formUrl(baselineVisitId, 'F_LAB'),
      { status: 'saved', values: [...completeLab, v('IG_LB_HEMATOLOGY', 'I_LB_RBC', '7.0')] },
      ifMatch(1),
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.entry).toMatchObject({ status: 'saved', version: 2, reasonRequired: true });
    expect(body.entry.firstSavedAt).toEqual(expect.any(String));
    expect(body.softChecks).toEqual([
      expect.objectContaining({
        itemOid: 'I_LB_RBC',
        comparator: 'LE',
        checkValues: ['6.5'],
        message: 'The value should be between 4.0 and 6.5',
      }),
    ]);
    // Still reported when the form is read again.
    expect((await coordinator.get(formUrl(baselineVisitId, 'F_LAB'))).json().softChecks).toEqual([
      expect.objectContaining({ itemOid: 'I_LB_RBC' }),
    ]);
    // Saved as complete, the failing soft check opens a query on the item, for the site's inbox.
    expect(body).toMatchObject({ queriesOpened: 1, queriesClosed: 0 });
    const queries = (await coordinator.get(`/api/queries?participantId=${participantId}`)).json().items;
    expect(queries).toEqual([
      expect.objectContaining({
        origin: 'edit_check',
        status: 'open',
        visitId: baselineVisitId,
        formOid: 'F_LAB',
        itemGroupOid: 'IG_LB_HEMATOLOGY',
        repeatKey: 1,
        itemOid: 'I_LB_RBC',
        text: 'The value should be between 4.0 and 6.5',
      }),
    ]);
  });

  it('after the first save, refuses a change without a reason and audits one with old value, new value, who and why', async () => {
    const url = formUrl(baselineVisitId, 'F_LAB');
    await refusedWithoutChange(t.database.db, world.coordinator.user.id, [
      async () => {
        expectProblem(
          await coordinator.put(url, { status: 'saved', values: [v('IG_LB_HEMATOLOGY', 'I_LB_RBC', '5.5')] }, ifMatch(2)),
          400,
          ['/reason'],
        );
      },
      async () => {
        expectProblem(await coordinator.put(url, { status: 'draft', values: [], reason: 'back to draft' }, ifMatch(2)), 409);
      },
      async () => {
        expectProblem(
          await coordinator.put(url, { status: 'saved', values: [v('IG_LB_HEMATOLOGY', 'I_LB_RBC', '5.5')], reason: 'x' }, ifMatch(1)),
          412,
        );
      },
    ]);

    const changed = await coordinator.put(
      url,
      {
        status: 'saved',
        values: [v('IG_LB_HEMATOLOGY', 'I_LB_RBC', '5.5'), v('IG_LB_HEMATOLOGY', 'I_LB_ID', null)],
        reason: 'Transcription error',
      },
      ifMatch(2),
    );
    // Clearing a required item of a complete form is refused; the value change alone is accepted.
    expectProblem(changed, 400, ['/items/IG_LB_HEMATOLOGY/1/I_LB_ID']);
    const corrected = await coordinator.put(
      url,
      { status: 'saved', values: [v('IG_LB_HEMATOLOGY', 'I_LB_RBC', '5.5')], reason: 'Transcription error' },
      ifMatch(2),
    );
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ changes: 1, softChecks: [], entry: { version: 3, softChecks: [] } });
    // The corrected value closes the edit check's query, with a message and an audit row.
    expect(corrected.json()).toMatchObject({ queriesOpened: 0, queriesClosed: 1 });
    const [closed] = (await coordinator.get(`/api/queries?participantId=${participantId}`)).json().items;
    expect(closed).toMatchObject({ origin: 'edit_check', itemOid: 'I_LB_RBC', status: 'closed' });
    const closedAudit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', closed.id)
      .orderBy('seq')
      .execute();
    expect(closedAudit.map((a) => a.action)).toEqual(['create', 'status_change']);

    const audit = await auditOf(await entryIdOf(baselineVisitId, 'F_LAB'));
    expect(audit.map((row) => row.action)).toEqual(['create', 'status_change', 'update']);
    expect(audit.every((row) => row.actor_user_id === world.coordinator.user.id)).toBe(true);
    expect(audit[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'status', old: null, new: 'draft' },
        { field: 'IG_LB_HEMATOLOGY[1].I_LB_RBC', old: null, new: '5.1' },
      ]),
    );
    expect(audit[1]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'status', old: 'draft', new: 'saved' },
        { field: 'IG_LB_HEMATOLOGY[1].I_LB_RBC', old: '5.1', new: '7.0' },
      ]),
    );
    expect(audit[2]).toMatchObject({
      reason: 'Transcription error',
      changes: [{ field: 'IG_LB_HEMATOLOGY[1].I_LB_RBC', old: '7.0', new: '5.5' }],
    });

    // Saving the same values again changes nothing and needs no reason.
    const same = await coordinator.put(url, { status: 'saved', values: [v('IG_LB_HEMATOLOGY', 'I_LB_RBC', '5.5')] }, ifMatch(3));
    expect(same.json()).toMatchObject({ changes: 0, entry: { version: 3 } });
  });

  it("opens a query for a soft cross-item rule of the study's edit checks, and closes it when the values are put right", async () => {
    const url = formUrl(baselineVisitId, 'F_LAB');
    const version = (await coordinator.get(url)).json().version as number;
    const ranged = await coordinator.put(
      url,
      {
        status: 'saved',
        values: [v('IG_LB_HEMATOLOGY', 'I_LB_RBC_LO', '7.0'), v('IG_LB_HEMATOLOGY', 'I_LB_RBC_HI', '4.0')],
        reason: 'Lab ranges',
      },
      ifMatch(version),
    );
    expect(ranged.statusCode, ranged.body).toBe(200);
    expect(ranged.json()).toMatchObject({ queriesOpened: 1 });
    const open = (await coordinator.get(`/api/queries?participantId=${participantId}&status=open`)).json().items;
    expect(open).toEqual([
      expect.objectContaining({
        origin: 'edit_check',
        checkKey: 'rule:R.RBC_RANGE',
        itemOid: 'I_LB_RBC_LO',
        text: 'The normal range low is above its high: check both.',
      }),
    ]);
    const fixed = await coordinator.put(
      url,
      {
        status: 'saved',
        values: [v('IG_LB_HEMATOLOGY', 'I_LB_RBC_LO', '4.0'), v('IG_LB_HEMATOLOGY', 'I_LB_RBC_HI', '7.0')],
        reason: 'Swapped',
      },
      ifMatch(version + 1),
    );
    expect(fixed.json()).toMatchObject({ queriesClosed: 1 });
    expect((await coordinator.get(`/api/queries?participantId=${participantId}&status=open`)).json().items).toEqual([]);
  });
  it('adds and removes rows of a repeating group, the removal audited', async () => {
    const url = formUrl(baselineVisitId, 'F_CM');
    const form: Entry = (await coordinator.get(url)).json();
    expect(form.itemGroups.find((g) => g.oid === 'IG_CM')).toMatchObject({ repeating: true, repeatKeys: [] });
    const added = await coordinator.put(
      url,
      {
        status: 'draft',
        values: [
          v('IG_CM', 'I_CM_NAME', 'Aspirin', 1),
          v('IG_CM', 'I_CM_DOSE', '100', 1),
          v('IG_CM', 'I_CM_NAME', 'Metformin', 2),
          v('IG_CM', 'I_CM_START', '2026-03', 2),
        ],
      },
      ifMatch(0),
    );
    // I_CM_START is a full date: the partial one is refused.
    expectProblem(added, 400, ['/values/3/value']);
    const ok = await coordinator.put(
      url,
      {
        status: 'draft',
        values: [v('IG_CM', 'I_CM_NAME', 'Aspirin', 1), v('IG_CM', 'I_CM_DOSE', '100', 1), v('IG_CM', 'I_CM_NAME', 'Metformin', 2)],
      },
      ifMatch(0),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().entry.itemGroups.find((g: { oid: string }) => g.oid === 'IG_CM').repeatKeys).toEqual([1, 2]);

    const removed = await coordinator.put(url, { status: 'draft', removeRows: [{ itemGroupOid: 'IG_CM', repeatKey: 1 }] }, ifMatch(1));
    expect(removed.statusCode, removed.body).toBe(200);
    const entry = removed.json().entry as Entry;
    expect(entry.values.map((value) => [value.repeatKey, value.itemOid, value.value])).toEqual([[2, 'I_CM_NAME', 'Metformin']]);
    const audit = await auditOf(await entryIdOf(baselineVisitId, 'F_CM'));
    expect(audit.at(-1)?.changes).toEqual(
      expect.arrayContaining([
        { field: 'IG_CM[1].I_CM_NAME', old: 'Aspirin', new: null },
        { field: 'IG_CM[1].I_CM_DOSE', old: '100', new: null },
      ]),
    );
    expectProblem(
      await coordinator.put(url, { status: 'draft', removeRows: [{ itemGroupOid: 'IG_COMMON', repeatKey: 1 }] }, ifMatch(2)),
      400,
      ['/removeRows/0/itemGroupOid'],
    );
  });

  it('stores the unit of an item with units, and a partial date where the item allows it', async () => {
    const response = await coordinator.put(
      formUrl(baselineVisitId, 'F_BASELINE'),
      { status: 'draft', values: [v('IG_PE_BASE', 'I_SYSBP', '120'), v('IG_DM', 'I_SEX', 'F')] },
      ifMatch(0),
    );
    expect(response.statusCode, response.body).toBe(200);
    const sysbp = (response.json().entry as Entry).values.find((value) => value.itemOid === 'I_SYSBP');
    expect(sysbp).toMatchObject({ value: '120', measurementUnitOid: 'MU_MMHG' });
  });

  it('keeps the counts of forms per status at the study-site', async () => {
    const response = await coordinator.get(`/api/study-sites/${world.studySite.id}/form-status-counts`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ studySiteId: world.studySite.id, draft: 2, saved: 1 });
  });
});

describe('bad input', () => {
  it('answers malformed saves with problem+json naming the field, never a 500, and writes nothing', async () => {
    const url = formUrl(baselineVisitId, 'F_BASELINE');
    await refusedWithoutChange(t.database.db, world.coordinator.user.id, [
      async () => {
        expectProblem(await coordinator.put(url, { status: 'draft', values: [] }), 428);
      },
      async () => {
        expectProblem(await coordinator.put(url, { status: 'complete', values: [] }, ifMatch(1)), 400, ['/status']);
      },
      async () => {
        expectProblem(
          await coordinator.put(url, { status: 'draft', values: [{ itemGroupOid: 'IG_DM', itemOid: 'I_SEX', value: 7 }] }, ifMatch(1)),
          400,
          ['/values/0/value'],
        );
      },
      async () => {
        expectProblem(await coordinator.put(url, { status: 'draft', values: [v('IG_CM', 'I_CM_NAME', 'x', 0)] }, ifMatch(1)), 400, [
          '/values/0/repeatKey',
        ]);
      },
      async () => {
        // A group that does not repeat has row 1 only.
        expectProblem(await coordinator.put(url, { status: 'draft', values: [v('IG_DM', 'I_SEX', 'F', 2)] }, ifMatch(1)), 400, [
          '/values/0/repeatKey',
        ]);
      },
      async () => {
        expectProblem(await coordinator.put(url, { status: 'draft', values: [], extra: true }, ifMatch(1)), 400);
      },
      async () => {
        expectProblem(await coordinator.put(`${url}?lang=--`, { status: 'draft', values: [] }, ifMatch(1)), 400, ['querystring:/lang']);
      },
      async () => {
        expectProblem(await coordinator.put(url, '{"status":', ifMatch(1)), 400);
      },
      async () => {
        expectProblem(await coordinator.get('/api/participant-visits/not-a-uuid/forms/F_LAB'), 400);
      },
    ]);
  });
});

describe('who may see and write a form', () => {
  it('shows the CRO the form by subject number only, and refuses it a write', async () => {
    const response = await cra.get(formUrl(baselineVisitId, 'F_LAB'));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().subjectNumber).toBe(subjectNumber);
    expect(response.body).not.toContain('Harriet');
    expect((await cra.get(`/api/participants/${participantId}/forms`)).body).not.toContain('Harriet');
    expectProblem(await cra.put(formUrl(baselineVisitId, 'F_LAB'), { status: 'saved', values: [], reason: 'x' }, ifMatch(3)), 403);
  });

  it("shows the sponsor's study manager the form and the visits' forms by subject number only", async () => {
    const manager = await makeUser(
      t.database.db,
      world.sponsor.id,
      [{ role: 'study_manager', scopeType: 'organization', scopeId: world.sponsor.id }],
      t.clock.now(),
    );
    const sponsor = client(t.app, manager.cookie);
    const form = await sponsor.get(formUrl(baselineVisitId, 'F_LAB'));
    expect(form.statusCode, form.body).toBe(200);
    expect(form.json()).toMatchObject({ subjectNumber, status: 'saved' });
    const list = await sponsor.get(`/api/participants/${participantId}/forms`);
    expect(list.statusCode).toBe(200);
    for (const body of [form.body, list.body]) expect(body).not.toMatch(/Harriet|Hidden|fullName|dateOfBirth/);
  });

  it("answers another tenant's participant, visit and form with 404", async () => {
    expectProblem(await otherCoordinator.get(`/api/participants/${participantId}/forms`), 404);
    expectProblem(await otherCoordinator.get(`/api/participant-visits/${baselineVisitId}/forms`), 404);
    expectProblem(await otherCoordinator.get(formUrl(baselineVisitId, 'F_LAB')), 404);
    expectProblem(
      await otherCoordinator.put(formUrl(baselineVisitId, 'F_LAB'), { status: 'saved', values: [], reason: 'x' }, ifMatch(3)),
      404,
    );
    expectProblem(await otherCoordinator.get(`/api/study-sites/${world.studySite.id}/form-status-counts`), 404);
    expectProblem(await coordinator.get(formUrl(baselineVisitId, 'F_NOT_THERE')), 404);
  });
});
