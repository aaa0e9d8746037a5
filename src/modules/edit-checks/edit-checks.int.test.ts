import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStudy, makeTenant, makeUser, type Tenant } from '../../../test/support/factories.js';
import { expectProblem, refusedWithoutChange } from '../../../test/support/problems.js';
import { makeProtocolVersion } from '../../../test/support/protocol-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { systemContext } from '../../platform/context.js';
import { findCrfMetadataVersion } from '../crf-metadata/crf-metadata.repo.js';
import { finalizeProtocolVersion } from '../protocols/finalize-protocol-version.js';
import { checkFormValues } from './check-form-values.js';

const examples = join(fileURLToPath(import.meta.url), '../../../../../shared/data/odm/examples');
const openedc = 'openedc-metadata.xml';

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

/** A draft protocol version with the OpenEDC example's forms (Age integer 18–120, Weight float, I.6 text, Pregnant boolean, …). */
async function draftWithForms() {
  const study = await makeStudy(t.database.db, { sponsorOrgId: a.sponsor.id, croOrgId: a.cro.id });
  const version = await makeProtocolVersion(t.database.db, study.id);
  const base = `/api/studies/${study.id}/protocol-versions/${version.id}`;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(readFileSync(join(examples, openedc)))], { type: 'application/xml' }), openedc);
  const imported = await manager.post(`${base}/crf-metadata`, form);
  expect(imported.statusCode, imported.body).toBe(201);
  return { study, version, url: `${base}/edit-checks` };
}

const pregnancyRule = {
  oid: 'EC.PREG_WEEKS',
  name: 'Weeks of pregnancy plausible',
  expression: 'item.Pregnant && has(item.WeeksPregnant) && item.WeeksPregnant > 42',
  severity: 'soft',
  message: 'More than 42 weeks pregnant: please check.',
  itemOids: ['WeeksPregnant'],
  testCases: [
    { name: '45 weeks', values: { Pregnant: 'true', WeeksPregnant: '45' }, expected: 'fires' },
    { name: '30 weeks', values: { Pregnant: true, WeeksPregnant: 30 }, expected: 'passes' },
    { name: 'nothing entered yet', values: {}, expected: 'passes' },
  ],
  reason: 'Data management plan section 4',
};

describe('edit check rules of a protocol version', () => {
  it('are created by a study manager, listed with the items they may read, audited whole, and run their tests', async () => {
    const { url } = await draftWithForms();
    const created = await manager.post(url, pregnancyRule);
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({ oid: 'EC.PREG_WEEKS', severity: 'soft', active: true, version: 1, itemOids: ['WeeksPregnant'] });
    expect(created.headers.etag).toBe('"1"');

    const list = (await cra.get(url)).json();
    expect(list.items.map((r: { oid: string }) => r.oid)).toEqual(['EC.PREG_WEEKS']);
    expect(list.crfItems).toEqual(
      expect.arrayContaining([{ oid: 'I.6', name: 'CountryOfBirthOther', dataType: 'text', reference: 'item["I.6"]' }]),
    );

    const history = (await manager.get(`/api/audit?entityType=edit_check_rule&entityId=${rule.id}`)).json().items;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', reason: 'Data management plan section 4' });
    expect(history[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'expression', old: null, new: pregnancyRule.expression },
        { field: 'severity', old: null, new: 'soft' },
      ]),
    );

    const run = await cra.post(`${url}/${rule.id}/run-tests`);
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ passed: 3, failed: 0 });
    // With nothing entered, `has(item.WeeksPregnant)` is false, so CEL's && is false whatever the missing Pregnant: it does not fire.
    expect(run.json().results.map((r: { actual: string }) => r.actual)).toEqual(['fires', 'passes', 'passes']);
  });

  it('are edited and deactivated with If-Match, each change audited; a failing test case shows as failed', async () => {
    const { url } = await draftWithForms();
    const rule = (await manager.post(url, pregnancyRule)).json();
    const edited = await manager.patch(
      `${url}/${rule.id}`,
      { expression: 'item.Pregnant && item.WeeksPregnant > 40', reason: 'Sponsor asked for 40' },
      { 'if-match': '"1"' },
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().version).toBe(2);
    const run = (await manager.post(`${url}/${rule.id}/run-tests`)).json();
    expect(run).toMatchObject({ passed: 3, failed: 0 });

    const wrong = await manager.patch(
      `${url}/${rule.id}`,
      { testCases: [{ name: '41 weeks should pass', values: { Pregnant: true, WeeksPregnant: 41 }, expected: 'passes' }] },
      { 'if-match': '"2"' },
    );
    expect(wrong.statusCode, wrong.body).toBe(200);
    expect((await manager.post(`${url}/${rule.id}/run-tests`)).json()).toMatchObject({
      passed: 0,
      failed: 1,
      results: [{ name: '41 weeks should pass', expected: 'passes', actual: 'fires', passed: false }],
    });

    expectProblem(await manager.patch(`${url}/${rule.id}`, { active: false }, { 'if-match': '"1"' }), 412);
    // Saving the rule as it is writes nothing.
    const same = await manager.patch(`${url}/${rule.id}`, { name: pregnancyRule.name }, { 'if-match': '"3"' });
    expect(same.json().version).toBe(3);
    const off = await manager.patch(`${url}/${rule.id}`, { active: false, reason: 'Superseded' }, { 'if-match': '"3"' });
    expect(off.json()).toMatchObject({ active: false, version: 4 });
    const history = (await manager.get(`/api/audit?entityType=edit_check_rule&entityId=${rule.id}`)).json().items;
    expect(history.map((row: { action: string }) => row.action)).toEqual(['create', 'update', 'update', 'update']);
    expect(history.find((row: { reason: string }) => row.reason === 'Superseded').changes).toEqual([
      { field: 'active', old: true, new: false },
    ]);
  });

  it('answer 400 naming /expression with the parser message, an unknown item OID, and a test value of the wrong type; nothing written', async () => {
    const { url } = await draftWithForms();
    await refusedWithoutChange(t.database.db, managerUserId, [
      async () => {
        const body = expectProblem(await manager.post(url, { ...pregnancyRule, expression: 'item.Age > ' }), 400, ['/expression']);
        expect(body.errors[0].detail).toBe('Unexpected token: EOF (column 11)');
      },
      async () => {
        const body = expectProblem(await manager.post(url, { ...pregnancyRule, expression: 'item.Shoe > 40' }), 400, ['/expression']);
        expect(body.errors[0].detail).toContain('Unknown item OID "Shoe"');
      },
      async () => {
        expectProblem(await manager.post(url, { ...pregnancyRule, expression: 'item.Age > "18"' }), 400, ['/expression']);
      },
      async () => {
        const bad = {
          ...pregnancyRule,
          itemOids: ['NoSuchItem'],
          testCases: [{ name: 'x', values: { Age: 'old', Nope: 1 }, expected: 'fires' }],
        };
        expectProblem(await manager.post(url, bad), 400, ['/itemOids/0', '/testCases/0/values/Age', '/testCases/0/values/Nope']);
      },
      async () => {
        expectProblem(await manager.post(url, { ...pregnancyRule, severity: 'fatal' }), 400, ['/severity']);
      },
      async () => {
        expectProblem(await manager.post(url, { ...pregnancyRule, expression: 'item.constructor.constructor("return process")()' }), 400, [
          '/expression',
        ]);
      },
    ]);
    expect((await manager.get(url)).json().items).toEqual([]);
  });

  it('are frozen with a final protocol version (409), and a rule OID is used once', async () => {
    const { url, version } = await draftWithForms();
    const rule = (await manager.post(url, pregnancyRule)).json();
    expectProblem(await manager.post(url, pregnancyRule), 409, ['/oid']);
    // At the same moment, the unique constraint answers the same 409, never a 500.
    const both = await Promise.all([
      manager.post(url, { ...pregnancyRule, oid: 'EC.TWICE' }),
      manager.post(url, { ...pregnancyRule, oid: 'EC.TWICE' }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    await finalizeProtocolVersion(t.database.db, systemContext('test-setup', t.clock.now), version.id, version.version);
    await refusedWithoutChange(t.database.db, managerUserId, [
      async () => {
        expectProblem(await manager.post(url, { ...pregnancyRule, oid: 'EC.OTHER' }), 409);
      },
      async () => {
        expectProblem(await manager.patch(`${url}/${rule.id}`, { active: false }, { 'if-match': '"1"' }), 409);
      },
    ]);
    // The database refuses it from any other path too.
    await expect(t.database.db.updateTable('edit_check_rules').set({ active: false }).where('id', '=', rule.id).execute()).rejects.toThrow(
      /final/,
    );
    // Reading and running the tests of a final version's rules still works.
    expect((await manager.post(`${url}/${rule.id}/run-tests`)).statusCode).toBe(200);
  });

  it("answer 404 for another tenant's study and 403 to a CRA writing; the history is readable only inside the study", async () => {
    const { url } = await draftWithForms();
    const rule = (await manager.post(url, pregnancyRule)).json();
    expectProblem(await managerB.get(url), 404);
    expectProblem(await managerB.post(url, { ...pregnancyRule, oid: 'EC.B' }), 404);
    expectProblem(await managerB.patch(`${url}/${rule.id}`, { active: false }, { 'if-match': '"1"' }), 404);
    expectProblem(await managerB.post(`${url}/${rule.id}/run-tests`), 404);
    expectProblem(await cra.post(url, { ...pregnancyRule, oid: 'EC.CRA' }), 403);
    expect((await managerB.get(`/api/audit?entityType=edit_check_rule&entityId=${rule.id}`)).statusCode).not.toBe(200);
  });

  it('translates REDCap logic against the metadata, and refuses what it cannot translate with 400 at /logic', async () => {
    const { url } = await draftWithForms();
    const ok = await manager.post(`${url}/translate-redcap`, { logic: "[Age] >= '18' and [Gender] <> ''" });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ expression: '((item.Age >= 18) && has(item.Gender))' });
    expectProblem(await manager.post(`${url}/translate-redcap`, { logic: 'datediff([Age], "today", "y") > 1' }), 400, ['/logic']);
  });
});

describe('checkFormValues, the seam data entry calls at save', () => {
  it("reports the metadata's range checks and the active rules, by item, with severity and message", async () => {
    const { url, version } = await draftWithForms();
    await manager.post(url, pregnancyRule);
    const inactive = (await manager.post(url, { ...pregnancyRule, oid: 'EC.OFF', expression: 'has(item.Age)', itemOids: ['Age'] })).json();
    await manager.patch(`${url}/${inactive.id}`, { active: false }, { 'if-match': '"1"' });
    const metadata = await findCrfMetadataVersion(t.database.db, version.id);
    if (!metadata) throw new Error('no metadata');
    const failures = await checkFormValues(t.database.db, metadata.id, { Age: '12', Weight: '70', Pregnant: 'true', WeeksPregnant: '44' });
    expect(failures).toEqual([
      { source: 'range-check', ruleOid: null, itemOid: 'Age', severity: 'hard', message: expect.any(String) },
      // The file's own RangeCheck (LE 40, hard) and the rule (over 42, soft) both speak of the item.
      { source: 'range-check', ruleOid: null, itemOid: 'WeeksPregnant', severity: 'hard', message: 'The value must be at most 40.' },
      { source: 'rule', ruleOid: 'EC.PREG_WEEKS', itemOid: 'WeeksPregnant', severity: 'soft', message: pregnancyRule.message },
    ]);
    expect(await checkFormValues(t.database.db, metadata.id, { Age: '30', Pregnant: 'false' })).toEqual([]);
  });
});
