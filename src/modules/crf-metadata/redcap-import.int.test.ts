import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStudy, makeTenant, makeUser, type Tenant } from '../../../test/support/factories.js';
import { expectProblem, refusedWithoutChange } from '../../../test/support/problems.js';
import { makeFinalProtocol, makeProtocolVersion, sampleStructure } from '../../../test/support/protocol-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

/** The REDCap projects beside the repository (shared/data/redcap), read as the ODM tests read theirs. */
const projects = join(fileURLToPath(import.meta.url), '../../../../../shared/data/redcap');
const file = (project: string, name: string) => readFileSync(join(projects, project, name));

/**
 * The longitudinal project's instrument designation, in REDCap's export format, written from the
 * FormRefs of the project's own ODM export (project.xml) beside it.
 */
const designation = [
  'arm_num,unique_event_name,form',
  ...[
    ['1', 'enrollment_arm_1', 'demographics contact_info baseline_data'],
    ['1', 'dose_1_arm_1', 'patient_morale_questionnaire'],
    ['1', 'visit_1_arm_1', 'visit_lab_data patient_morale_questionnaire visit_blood_workup visit_observed_behavior'],
    ['1', 'dose_2_arm_1', 'patient_morale_questionnaire'],
    ['1', 'visit_2_arm_1', 'visit_lab_data patient_morale_questionnaire visit_blood_workup visit_observed_behavior'],
    ['1', 'final_visit_arm_1', 'completion_data completion_project_questionnaire'],
    ['2', 'enrollment_arm_2', 'demographics contact_info baseline_data'],
    ['2', 'deadline_to_opt_ou_arm_2', 'contact_info'],
    ['2', 'first_dose_arm_2', 'patient_morale_questionnaire'],
    ['2', 'first_visit_arm_2', 'patient_morale_questionnaire visit_observed_behavior'],
    ['2', 'final_visit_arm_2', 'visit_observed_behavior completion_project_questionnaire'],
    ['2', 'deadline_to_return_arm_2', 'contact_info'],
  ].flatMap(([arm, event, forms]) => (forms ?? '').split(' ').map((form) => `${arm},${event},${form}`)),
].join('\n');

let t: TestApp;
let a: Tenant;
let manager: Client;
let managerUserId: string;
let managerB: Client;
let cra: Client;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  a = await makeTenant(db);
  const b = await makeTenant(db);
  const m = await makeUser(db, a.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id }], t.clock.now());
  manager = client(t.app, m.cookie);
  managerUserId = m.user.id;
  managerB = client(
    t.app,
    (await makeUser(db, b.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: b.sponsor.id }], t.clock.now())).cookie,
  );
  cra = client(
    t.app,
    (await makeUser(db, a.cro.id, [{ role: 'cra', scopeType: 'organization', scopeId: a.cro.id }], t.clock.now())).cookie,
  );
});
afterAll(() => t.close());

type Parts = Partial<Record<'dictionary' | 'arms' | 'events' | 'mappings', Buffer | string>>;

function redcapForm(parts: Parts, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const [part, bytes] of Object.entries(parts)) {
    const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    form.append(part, new Blob([new Uint8Array(data)], { type: 'text/csv' }), `${part}.csv`);
  }
  return form;
}

async function draftOf(renames: { code: string; name: string }[] = []) {
  const study = await makeStudy(t.database.db, { sponsorOrgId: a.sponsor.id, croOrgId: a.cro.id });
  const visits = sampleStructure().visits.map((v, i) => ({ ...v, ...(renames[i] ?? {}) }));
  const version = await makeProtocolVersion(t.database.db, study.id, { visits });
  const url = `/api/studies/${study.id}/protocol-versions/${version.id}/crf-metadata`;
  return { url, redcap: `${url}/redcap` };
}

type Item = {
  oid: string;
  dataType: string;
  significantDigits: number | null;
  question: string | null;
  mandatory: boolean;
  identifying: boolean;
  collectionExceptionConditionOid: string | null;
  methodOid: string | null;
  codeList: { oid: string; items: { codedValue: string; decode: string | null }[] } | null;
  rangeChecks: { comparator: string; softHard: string; checkValues: string[] }[];
};
type Metadata = {
  id: string;
  counts: Record<string, number>;
  fileName: string;
  fileSha256: string;
  forms: { oid: string; name: string; itemGroups: { oid: string; name: string; items: Item[] }[] }[];
  studyEvents: { oid: string; name: string; visitCode: string | null; mappedBy: string | null; forms: { oid: string }[] }[];
  conditions: { oid: string; kind: string; context: string | null; expression: string | null }[];
};

const findItem = (m: Metadata, oid: string): Item => {
  const found = m.forms.flatMap((f) => f.itemGroups.flatMap((g) => g.items)).find((i) => i.oid === oid);
  if (!found) throw new Error(`no item ${oid}`);
  return found;
};

describe('importing CRF metadata from a REDCap data dictionary', () => {
  it('imports the classic project (clinical-trial-1): one event with its one form, types, choices, soft ranges, identifiers', async () => {
    const { url, redcap } = await draftOf();
    const dictionary = file('clinical-trial-1', 'dictionary.csv');
    const created = await manager.post(redcap, redcapForm({ dictionary }));
    expect(created.statusCode, created.body).toBe(201);
    const m: Metadata = created.json();
    expect(m.counts).toEqual({ studyEvents: 1, forms: 1, itemGroups: 1, items: 12, codeLists: 3, measurementUnits: 0, conditions: 0 });
    expect(m.fileName).toBe('dictionary.csv');
    expect(m.fileSha256).toBe(createHash('sha256').update(dictionary).digest('hex'));
    expect(m.studyEvents).toEqual([
      expect.objectContaining({ oid: 'event_1_arm_1', forms: [expect.objectContaining({ oid: 'Form.demographics' })] }),
    ]);
    expect(findItem(m, 'dob')).toMatchObject({
      dataType: 'date',
      identifying: true,
      rangeChecks: [
        { comparator: 'GE', softHard: 'Soft', checkValues: ['1900-01-01'] },
        { comparator: 'LE', softHard: 'Soft', checkValues: ['2029-12-31'] },
      ],
    });
    expect(findItem(m, 'height')).toMatchObject({ dataType: 'float', identifying: false, question: 'height (cm)' });
    expect(findItem(m, 'weight')).toMatchObject({
      dataType: 'integer',
      rangeChecks: [expect.objectContaining({ checkValues: ['0'] }), expect.objectContaining({ checkValues: ['300'] })],
    });
    expect(findItem(m, 'race').codeList?.items.map((i) => `${i.codedValue}=${i.decode}`)).toEqual([
      '1=Asian',
      '2=(Not Used)',
      '3=Black',
      '4=White',
      '5=Other/Mixed',
      '6=Missing',
    ]);
    expect((await manager.get(url)).json().counts.items).toBe(12);

    const history = (await manager.get(`/api/audit?entityType=crf_metadata_version&entityId=${m.id}`)).json().items;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', reason: 'Imported from a REDCap data dictionary' });
    expect(history[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'fileSha256', old: null, new: m.fileSha256 },
        { field: 'source', old: null, new: 'REDCap' },
        { field: 'instrumentDesignation', old: null, new: 'one event' },
      ]),
    );
  });

  it('imports the longitudinal project with its arms, events and instrument designation; events map to visits', async () => {
    const { redcap } = await draftOf([
      { code: 'ENR', name: 'Enrollment' },
      { code: 'VISIT_1_ARM_1', name: 'First treatment visit' },
    ]);
    const project = 'longitudinal';
    const created = await manager.post(
      redcap,
      redcapForm({
        dictionary: file(project, 'dictionary.csv'),
        arms: file(project, 'arm.csv'),
        events: file(project, 'event.csv'),
        mappings: designation,
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const m: Metadata = created.json();
    // 95 fields: 5 checkbox fields of 5 choices stored as 25 items (90 + 25); 36 code lists (radio, dropdown, yes/no; a checkbox's items are booleans without one).
    expect(m.counts).toEqual({ studyEvents: 12, forms: 9, itemGroups: 15, items: 115, codeLists: 36, measurementUnits: 0, conditions: 4 });
    expect(m.studyEvents.map((e) => [e.oid, e.visitCode, e.mappedBy])).toEqual([
      ['enrollment_arm_1', 'ENR', 'name'],
      ['dose_1_arm_1', null, null],
      ['visit_1_arm_1', 'VISIT_1_ARM_1', 'oid'],
      ['dose_2_arm_1', null, null],
      ['visit_2_arm_1', null, null],
      ['final_visit_arm_1', null, null],
      ['enrollment_arm_2', 'ENR', 'name'],
      ['deadline_to_opt_ou_arm_2', null, null],
      ['first_dose_arm_2', null, null],
      ['first_visit_arm_2', null, null],
      ['final_visit_arm_2', null, null],
      ['deadline_to_return_arm_2', null, null],
    ]);
    expect(m.studyEvents[2]?.forms.map((f) => f.oid)).toEqual([
      'Form.visit_lab_data',
      'Form.patient_morale_questionnaire',
      'Form.visit_blood_workup',
      'Form.visit_observed_behavior',
    ]);
    expect(m.studyEvents.map((e) => e.forms.length)).toEqual([3, 1, 4, 1, 4, 2, 3, 1, 1, 2, 2, 1]);

    const demographics = m.forms.find((f) => f.oid === 'Form.demographics');
    expect(demographics?.itemGroups.map((g) => g.name)).toEqual([
      'Demographics',
      'Consent Information',
      'Contact Information',
      "Please provide the patient's weekly schedule for the activities below.",
      'Other information',
      'General Comments',
    ]);
    expect(findItem(m, 'height')).toMatchObject({
      dataType: 'float',
      rangeChecks: [
        { comparator: 'GE', softHard: 'Soft', checkValues: ['130'] },
        { comparator: 'LE', softHard: 'Soft', checkValues: ['215'] },
      ],
    });
    expect(findItem(m, 'telephone_1')).toMatchObject({ dataType: 'text', identifying: true });
    expect(findItem(m, 'gym___0')).toMatchObject({
      dataType: 'boolean',
      question: 'Gym (Weight Training): Monday',
      codeList: null,
    });
    expect(findItem(m, 'given_birth')).toMatchObject({ dataType: 'boolean', collectionExceptionConditionOid: 'Condition.given_birth' });
    expect(findItem(m, 'given_birth').codeList?.items).toEqual([
      { codedValue: '1', decode: 'Yes' },
      { codedValue: '0', decode: 'No' },
    ]);
    expect(findItem(m, 'bmi')).toMatchObject({ dataType: 'float', methodOid: 'Method.bmi' });
    expect(findItem(m, 'specify_mood')).toMatchObject({
      dataType: 'integer',
      rangeChecks: [expect.objectContaining({ softHard: 'Hard' }), expect.objectContaining({ softHard: 'Hard' })],
    });
    expect(findItem(m, 'patient_document').dataType).toBe('base64Binary');
    expect(m.conditions).toEqual([
      {
        oid: 'Condition.given_birth',
        kind: 'condition',
        name: expect.any(String),
        description: expect.any(String),
        context: 'REDCap',
        expression: '[sex] = "0"',
      },
      {
        oid: 'Condition.num_children',
        kind: 'condition',
        name: expect.any(String),
        description: expect.any(String),
        context: 'REDCap',
        expression: '[sex] = "0" and [given_birth] = "1"',
      },
      {
        oid: 'Method.bmi',
        kind: 'method',
        name: expect.any(String),
        description: null,
        context: 'REDCap',
        expression: 'round(([weight]*10000)/(([height])^(2)),1)',
      },
      {
        oid: 'Method.bmi2',
        kind: 'method',
        name: expect.any(String),
        description: null,
        context: 'REDCap',
        expression: 'round(([weight2]*10000)/(([height2])^(2)),1)',
      },
    ]);
  });

  it('gives every event every form without an instrument designation, and replaces the eCRF of a draft on re-import (200)', async () => {
    const { redcap } = await draftOf();
    const first = await manager.post(redcap, redcapForm({ dictionary: file('clinical-trial-1', 'dictionary.csv') }));
    expect(first.statusCode, first.body).toBe(201);
    const again = await manager.post(
      redcap,
      redcapForm({
        dictionary: file('longitudinal', 'dictionary.csv'),
        arms: file('longitudinal', 'arm.csv'),
        events: file('longitudinal', 'event.csv'),
      }),
    );
    expect(again.statusCode, again.body).toBe(200);
    const m: Metadata = again.json();
    expect(m.studyEvents).toHaveLength(12);
    expect(m.studyEvents.every((e) => e.forms.length === 9)).toBe(true);
  });

  it('refuses broken dictionaries with 400 naming the row and the column, and writes nothing', async () => {
    const { url, redcap } = await draftOf();
    const good = file('longitudinal', 'dictionary.csv').toString('utf8');
    const row = (csv: string, name: string) => csv.split('\n').findIndex((line) => line.startsWith(`${name},`)) + 1;
    const cases: [string, string, string, RegExp][] = [
      [good.replace('age,demographics,,text,', 'age,demographics,,likert,'), 'age', 'Field Type', /"likert" is not a REDCap field type/],
      [good.replace('"[sex] = ""0"""', '"[sex] = ""0"'), 'given_birth', 'Branching Logic (Show field only if...)', /quote/],
      [good.replace('"[sex] = ""0"""', '"([sex] = ""0"""'), 'given_birth', 'Branching Logic (Show field only if...)', /never closed/],
      [
        good.replace('"[sex] = ""0"""', '"[gender] = ""0"""'),
        'given_birth',
        'Branching Logic (Show field only if...)',
        /\[gender\] names a field/,
      ],
      [good.replace('[weight2]*10000', '[weight3]*10000'), 'bmi2', 'Choices, Calculations, OR Slider Labels', /\[weight3\] names a field/],
      [good.replace('"Study ID"', '"Study\u0000ID"'), 'study_id', 'Field Label', /NUL/],
    ];
    await refusedWithoutChange(t.database.db, managerUserId, [
      ...cases.map(([csv, field, column, detail]) => async () => {
        const body = expectProblem(await manager.post(redcap, redcapForm({ dictionary: csv })), 400, ['/dictionary']);
        expect(body.errors).toEqual([
          expect.objectContaining({ pointer: '/dictionary', row: row(csv, field), column, detail: expect.stringMatching(detail) }),
        ]);
      }),
      async () => {
        const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64)]);
        const body = expectProblem(await manager.post(redcap, redcapForm({ dictionary: pdf })), 400, ['/dictionary']);
        expect(body.errors[0].detail).toBe('This file is a PDF, not a CSV file.');
      },
      async () => {
        expectProblem(await manager.post(redcap, redcapForm({ dictionary: '' })), 400, ['/dictionary']);
        const blank = expectProblem(await manager.post(redcap, redcapForm({ dictionary: '\n\n' })), 400, ['/dictionary']);
        expect(blank.errors[0].detail).toMatch(/empty/);
      },
      async () => {
        // An event in an arm the arms file does not have; a designation naming a form the dictionary does not have.
        const events = `${file('longitudinal', 'event.csv').toString('utf8').trim()}\n"Extra",3,extra_arm_3,,1`;
        const body = expectProblem(
          await manager.post(
            redcap,
            redcapForm({
              dictionary: good,
              arms: file('longitudinal', 'arm.csv'),
              events,
              mappings: 'arm_num,unique_event_name,form\n1,enrollment_arm_1,vital_signs',
            }),
          ),
          400,
          ['/events', '/mappings'],
        );
        expect(body.errors).toEqual([
          expect.objectContaining({
            pointer: '/events',
            row: 14,
            column: 'arm_num',
            detail: expect.stringContaining('Arm 3 is not in the arms file'),
          }),
          expect.objectContaining({
            pointer: '/mappings',
            row: 2,
            column: 'form',
            detail: expect.stringContaining('no instrument "vital_signs"'),
          }),
        ]);
      },
      async () => {
        expectProblem(await manager.post(redcap, redcapForm({ dictionary: good, arms: file('longitudinal', 'arm.csv') })), 400, [
          '/events',
        ]);
      },
    ]);
    expect((await manager.get(url)).statusCode).toBe(404);
  });

  it("refuses a final version's eCRF (409), answers 404 for another tenant's study and 403 to a CRA", async () => {
    const dictionary = file('clinical-trial-1', 'dictionary.csv');
    const study = await makeStudy(t.database.db, { sponsorOrgId: a.sponsor.id, croOrgId: a.cro.id });
    const final = await makeFinalProtocol(t.database.db, study.id);
    const finalUrl = `/api/studies/${study.id}/protocol-versions/${final.id}/crf-metadata/redcap`;
    const { redcap } = await draftOf();
    await refusedWithoutChange(t.database.db, managerUserId, [
      async () => {
        expectProblem(await manager.post(finalUrl, redcapForm({ dictionary })), 409);
      },
    ]);
    expectProblem(await managerB.post(redcap, redcapForm({ dictionary })), 404);
    expectProblem(await cra.post(redcap, redcapForm({ dictionary })), 403);
  });
});
