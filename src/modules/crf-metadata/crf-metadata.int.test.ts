import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStudy, makeTenant, makeUser, type Tenant } from '../../../test/support/factories.js';
import { expectProblem, refusedWithoutChange } from '../../../test/support/problems.js';
import { makeFinalProtocol, makeProtocolVersion, sampleStructure } from '../../../test/support/protocol-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

/** The ODM examples beside the repository (shared/data/odm), read as the tests of other imports read their fixtures. */
const examples = join(fileURLToPath(import.meta.url), '../../../../../shared/data/odm/examples');
const example = (name: string) => readFileSync(join(examples, name));
const dave = 'MetaData_Dave_1_3_2_new_2006_01_26_extra_languages.xml';
const openedc = 'openedc-metadata.xml';
const snapshot = 'odm-data-snapshot.xml';

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

function odmForm(bytes: Buffer, name: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/xml' }), name);
  return form;
}

async function draftOf(renames: { code: string; name: string }[] = []) {
  const study = await makeStudy(t.database.db, { sponsorOrgId: a.sponsor.id, croOrgId: a.cro.id });
  // The sample schedule (SCR, BL, W4, …), its first visits renamed as an ODM file's events are named, to see them mapped.
  const visits = sampleStructure().visits.map((v, i) => ({ ...v, ...(renames[i] ?? {}) }));
  const version = await makeProtocolVersion(t.database.db, study.id, { visits });
  return { study, version, url: `/api/studies/${study.id}/protocol-versions/${version.id}/crf-metadata` };
}

type Item = {
  oid: string;
  question: string | null;
  rangeChecks: { comparator: string; softHard: string; checkValues: string[]; unit: string | null; errorMessage: string | null }[];
  codeList: { oid: string; items: { codedValue: string; decode: string | null }[] } | null;
  units: { symbol: string | null }[];
};
type Metadata = {
  counts: Record<string, number>;
  forms: { oid: string; itemGroups: { oid: string; repeating: boolean; items: Item[] }[] }[];
  studyEvents: { oid: string; visitCode: string | null; mappedBy: string | null; forms: { oid: string }[] }[];
  unmappedEvents: string[];
  languages: string[];
  language: string;
  fileSha256: string;
};

const findItem = (m: Metadata, oid: string): Item => {
  const found = m.forms.flatMap((f) => f.itemGroups.flatMap((g) => g.items)).find((i) => i.oid === oid);
  if (!found) throw new Error(`no item ${oid}`);
  return found;
};

describe('importing CRF metadata from ODM 1.3.2', () => {
  it('imports the CDISC example in five languages: counts, a code list, a range check, a translated question', async () => {
    const { url } = await draftOf([
      { code: 'BASELINE', name: 'Baseline' },
      { code: 'W1', name: 'Week 1 Visit' },
    ]);
    const bytes = example(dave);
    const created = await manager.post(url, odmForm(bytes, dave));
    expect(created.statusCode, created.body).toBe(201);
    const m: Metadata = created.json();
    expect(m.counts).toEqual({ studyEvents: 5, forms: 7, itemGroups: 14, items: 63, codeLists: 12, measurementUnits: 7, conditions: 14 });
    expect(m.languages).toEqual(['de', 'en', 'fr', 'it', 'ko']);
    expect(m.studyEvents.map((e) => [e.oid, e.visitCode, e.mappedBy])).toEqual([
      ['BASELINE', 'BASELINE', 'oid'],
      ['WEEK_1', 'W1', 'name'],
      ['WEEK_2', null, null],
      ['DIARY', null, null],
      ['AE', null, null],
    ]);
    expect(m.unmappedEvents).toEqual(['WEEK_2', 'DIARY', 'AE']);
    expect(m.studyEvents[0]?.forms.map((f) => f.oid)).toEqual(['F_BASELINE', 'F_CM', 'F_LAB', 'F_COMPLAINTS_REL_SMOKING']);
    const sysbp = findItem(m, 'I_SYSBP');
    expect(sysbp.question).toBe('Systolic blood pressure');
    expect(sysbp.units.map((u) => u.symbol)).toEqual(['mm Hg']);
    expect(sysbp.rangeChecks).toEqual([
      expect.objectContaining({ comparator: 'LT', softHard: 'Hard', checkValues: ['180'], errorMessage: 'The value should be below 180' }),
    ]);
    expect(findItem(m, 'I_SEX').codeList?.items).toEqual([
      { codedValue: 'M', decode: 'Male' },
      { codedValue: 'F', decode: 'Female' },
    ]);
    expect(m.fileSha256).toMatch(/^[0-9a-f]{64}$/);

    const german = (await manager.get(`${url}?lang=de`)).json() as Metadata;
    expect(german.language).toBe('de');
    expect(findItem(german, 'I_SYSBP').question).toBe('Systolischer Blutdruck');
    expect(findItem(german, 'I_SYSBP').rangeChecks[0]?.errorMessage).toBe('Der Wert sollte unter 180 sein');
    // Korean has empty texts in the file: they fall back to the default language (English).
    expect(findItem((await manager.get(`${url}?lang=ko`)).json(), 'I_DRINKING').question).toBe('Number of alcoholic drinks per day');
    // The study team reads it too; the CRA may not write it.
    expect((await cra.get(url)).statusCode).toBe(200);
  });

  it('imports the OpenEDC example and the data snapshot (metadata only), each in one audited event', async () => {
    const one = await draftOf();
    const oe = await manager.post(one.url, odmForm(example(openedc), openedc));
    expect(oe.statusCode, oe.body).toBe(201);
    const m: Metadata = oe.json();
    expect(m.counts).toEqual({ studyEvents: 3, forms: 5, itemGroups: 9, items: 28, codeLists: 4, measurementUnits: 5, conditions: 9 });
    expect(m.languages).toEqual(['de', 'en']);

    const two = await draftOf();
    const snap = await manager.post(two.url, odmForm(example(snapshot), snapshot));
    expect(snap.statusCode, snap.body).toBe(201);
    const s: Metadata = snap.json();
    expect(s.counts).toMatchObject({ studyEvents: 4, forms: 7, itemGroups: 9, items: 52, codeLists: 14, measurementUnits: 7 });
    expect(s.studyEvents.map((e) => e.oid)).toEqual(['SE.SCREENING', 'SE.VISIT 1', 'SE.VISIT 2', 'SE.VISIT 3']);

    const history = await manager.get(`/api/audit?entityType=crf_metadata_version&entityId=${(snap.json() as { id: string }).id}`);
    expect(history.statusCode).toBe(200);
    const rows = history.json().items;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'create', reason: 'Imported from ODM' });
    expect(rows[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'fileSha256', old: null, new: s.fileSha256 },
        { field: 'counts', old: null, new: expect.objectContaining({ items: 52, forms: 7 }) },
      ]),
    );
  });

  it("replaces a draft's metadata on re-import, and refuses to replace a final version's (409)", async () => {
    const { url } = await draftOf();
    expect((await manager.post(url, odmForm(example(openedc), openedc))).statusCode).toBe(201);
    const again = await manager.post(url, odmForm(example(dave), dave));
    expect(again.statusCode, again.body).toBe(200);
    expect((again.json() as Metadata).counts.items).toBe(63);
    expect(((await manager.get(url)).json() as Metadata).counts.items).toBe(63);

    const study = await makeStudy(t.database.db, { sponsorOrgId: a.sponsor.id, croOrgId: a.cro.id });
    const final = await makeFinalProtocol(t.database.db, study.id);
    const finalUrl = `/api/studies/${study.id}/protocol-versions/${final.id}/crf-metadata`;
    await refusedWithoutChange(t.database.db, managerUserId, [
      async () => {
        expectProblem(await manager.post(finalUrl, odmForm(example(openedc), openedc)), 409);
      },
    ]);
    expect((await manager.get(finalUrl)).statusCode).toBe(404);
  });

  it('answers a retried upload (same Idempotency-Key) with the first answer, importing once', async () => {
    const { url } = await draftOf();
    const key = randomUUID();
    const first = await manager.post(url, odmForm(example(openedc), openedc), { 'idempotency-key': key });
    const retry = await manager.post(url, odmForm(example(openedc), openedc), { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
    const history = (await manager.get(`/api/audit?entityType=crf_metadata_version&entityId=${first.json().id}`)).json().items;
    expect(history).toHaveLength(1);
  });

  it('names the line, the column and the OID of a file failing the XSD, and writes nothing', async () => {
    const { url } = await draftOf();
    const broken = example(openedc).toString('utf8').replace('DataType="integer"', 'DataType="banana"');
    const line = broken.slice(0, broken.indexOf('DataType="banana"')).split('\n').length;
    await refusedWithoutChange(t.database.db, managerUserId, [
      async () => {
        const body = expectProblem(await manager.post(url, odmForm(Buffer.from(broken), 'broken.xml')), 400, ['/file']);
        // The start tag of the ItemDef whose DataType is wrong, and its OID.
        const column = (broken.split('\n')[line - 1] ?? '').indexOf('<ItemDef') + 1;
        expect(column).toBeGreaterThan(0);
        const oid = /<ItemDef OID="([^"]+)"[^>]*DataType="banana"/.exec(broken)?.[1];
        expect(oid).toBeDefined();
        expect(body.errors[0]).toMatchObject({ line, col: column, oid, detail: expect.stringContaining('banana') });
      },
    ]);
    expect((await manager.get(url)).statusCode).toBe(404);
  });

  it('names a reference to an undefined OID', async () => {
    const { url } = await draftOf();
    const dangling = example(openedc)
      .toString('utf8')
      .replace(/<ItemRef ItemOID="[^"]+"/, '<ItemRef ItemOID="NO.SUCH.ITEM"');
    const body = expectProblem(await manager.post(url, odmForm(Buffer.from(dangling), 'dangling.xml')), 400, ['/file']);
    expect(body.errors).toEqual([expect.objectContaining({ oid: 'NO.SUCH.ITEM', line: expect.any(Number), col: expect.any(Number) })]);
  });

  it('refuses XXE and billion-laughs files with 400, and writes nothing', async () => {
    const { url } = await draftOf();
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE ODM [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3">&xxe;</ODM>`;
    const lol = Array.from({ length: 8 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE ODM [<!ENTITY lol0 "lol">${lol}]>\n<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3">&lol8;</ODM>`;
    await refusedWithoutChange(t.database.db, managerUserId, [
      async () => {
        const body = expectProblem(await manager.post(url, odmForm(Buffer.from(xxe), 'xxe.xml')), 400, ['/file']);
        expect(body.detail).toMatch(/DTD/);
        expect(JSON.stringify(body)).not.toContain('root:');
      },
      async () => {
        expectProblem(await manager.post(url, odmForm(Buffer.from(laughs), 'lol.xml')), 400, ['/file']);
      },
      async () => {
        expectProblem(await manager.post(url, odmForm(Buffer.from('<ODM><Study></ODM>'), 'bad.xml')), 400, ['/file']);
      },
    ]);
    expect((await manager.get(url)).statusCode).toBe(404);
  });

  it("answers 404 for another tenant's study, and 403 to a CRA", async () => {
    const { url } = await draftOf();
    expect((await manager.post(url, odmForm(example(openedc), openedc))).statusCode).toBe(201);
    expectProblem(await managerB.get(url), 404);
    expectProblem(await managerB.post(url, odmForm(example(openedc), openedc)), 404);
    expectProblem(await managerB.put(`${url}/event-mapping`, { mappings: [{ studyEventOid: 'SE.1', visitCode: 'SCR' }] }), 404);
    expectProblem(await cra.post(url, odmForm(example(openedc), openedc)), 403);
  });
});

describe('the study event to visit mapping', () => {
  it('is set by a study manager, audited per event, and checked against the events and visits', async () => {
    const { url } = await draftOf();
    const created: Metadata & { id: string } = (await manager.post(url, odmForm(example(openedc), openedc))).json();
    expect(created.unmappedEvents).toEqual(['SE.1', 'SE.2', 'SE.3']);
    const put = await manager.put(`${url}/event-mapping`, {
      mappings: [
        { studyEventOid: 'SE.1', visitCode: 'BL' },
        { studyEventOid: 'SE.2', visitCode: 'W4' },
      ],
      reason: 'Baseline and first follow-up per protocol section 6',
    });
    expect(put.statusCode, put.body).toBe(200);
    const m: Metadata = put.json();
    expect(m.studyEvents.map((e) => [e.oid, e.visitCode, e.mappedBy])).toEqual([
      ['SE.1', 'BL', 'manual'],
      ['SE.2', 'W4', 'manual'],
      ['SE.3', null, null],
    ]);
    expect(m.unmappedEvents).toEqual(['SE.3']);
    const history = (await manager.get(`/api/audit?entityType=crf_metadata_version&entityId=${created.id}`)).json().items;
    expect(history.find((row: { action: string }) => row.action === 'update')).toMatchObject({
      action: 'update',
      reason: 'Baseline and first follow-up per protocol section 6',
      changes: [
        { field: 'eventMapping.SE.1', old: null, new: 'BL' },
        { field: 'eventMapping.SE.2', old: null, new: 'W4' },
      ],
    });
    await refusedWithoutChange(t.database.db, managerUserId, [
      async () => {
        expectProblem(await manager.put(`${url}/event-mapping`, { mappings: [{ studyEventOid: 'SE.9', visitCode: 'NOPE' }] }), 400, [
          '/mappings/0/studyEventOid',
          '/mappings/0/visitCode',
        ]);
      },
    ]);
  });
});
