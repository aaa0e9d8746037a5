import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStudy, makeTenant, makeUser, type Tenant } from '../../../test/support/factories.js';
import { makeFinalProtocol, sampleStructure } from '../../../test/support/protocol-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let manager: Client;
let cra: Client;
let coordinator: Client;
let managerB: Client;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  a = await makeTenant(db);
  b = await makeTenant(db);
  const login = async (orgId: string, grant: Parameters<typeof makeUser>[2][number]) =>
    client(t.app, (await makeUser(db, orgId, [grant], t.clock.now())).cookie);
  manager = await login(a.sponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id });
  cra = await login(a.cro.id, { role: 'cra', scopeType: 'organization', scopeId: a.cro.id });
  coordinator = await login(a.siteOrg.id, { role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id });
  managerB = await login(b.sponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: b.sponsor.id });
});
afterAll(() => t.close());

/** The item at an index of a test fixture (a typo in a test fails loudly). */
function item<T>(items: T[], index: number): T {
  const found = items[index];
  if (found === undefined) throw new Error(`no item ${index}`);
  return found;
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
type Change = { field: string; old: unknown; new: unknown };

async function history(entityType: string, entityId: string, api = manager) {
  const response = await api.get(`/api/audit?entityType=${entityType}&entityId=${entityId}`);
  return { status: response.statusCode, items: response.statusCode === 200 ? response.json().items : [] };
}

/** A fresh study of tenant A's sponsor (one draft at a time per study). */
const newStudy = () => makeStudy(t.database.db, { sponsorOrgId: a.sponsor.id, croOrgId: a.cro.id });

describe('a protocol version', () => {
  it('is created with arms, a schedule of visits with windows and procedures, and criteria', async () => {
    const study = await newStudy();
    const created = await manager.post(`/api/studies/${study.id}/protocols`, {
      versionLabel: '1.0',
      summaryOfChanges: 'Original protocol',
      ...sampleStructure(),
      reason: 'Protocol v1.0 received from the sponsor',
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const body = created.json();
    expect(body).toMatchObject({ versionNumber: 1, versionLabel: '1.0', status: 'draft', amendsVersionId: null });
    expect(body.arms.map((arm: { code: string; allocationRatio: number }) => [arm.code, arm.allocationRatio])).toEqual([
      ['ACTIVE', 1],
      ['PLACEBO', 1],
    ]);
    expect(body.visits.map((v: { code: string; kind: string }) => `${v.code}:${v.kind}`)).toEqual([
      'SCR:screening',
      'BL:baseline',
      'W4:treatment',
      'W12:treatment',
      'FU:follow_up',
      'EOS:end_of_study',
      'UNS:unscheduled',
    ]);
    expect(body.visits[2]).toMatchObject({ anchor: 'baseline', targetDay: 28, windowBeforeDays: 3, windowAfterDays: 3, sequence: 3 });
    expect(body.visits[2].procedures).toMatchObject([
      { code: 'VS', required: true },
      { code: 'PK', required: false },
    ]);
    expect(body.criteria.map((c: { kind: string; number: number }) => `${c.kind}.${c.number}`)).toEqual([
      'inclusion.1',
      'inclusion.2',
      'exclusion.1',
    ]);

    // The CRO runs this study; tenant A's site does not take part in it.
    expect((await coordinator.get(`/api/protocols/${body.id}`)).statusCode).toBe(404);
    const read = await cra.get(`/api/protocols/${body.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);
    const list = await cra.get(`/api/studies/${study.id}/protocols`);
    expect(list.json().items).toMatchObject([{ id: body.id, armCount: 2, visitCount: 7, criterionCount: 3 }]);

    const trail = await history('protocol_version', body.id);
    expect(trail.items).toHaveLength(1);
    expect(trail.items[0]).toMatchObject({ action: 'create', reason: 'Protocol v1.0 received from the sponsor' });
    const fields = trail.items[0].changes.map((c: Change) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['versionLabel', 'arms.ACTIVE', 'visits.W4', 'criteria.exclusion.1']));
  });

  it('answers each problem with a 400 that points at it', async () => {
    const study = await newStudy();
    const url = `/api/studies/${study.id}/protocols`;
    const structure = sampleStructure();
    const tooNarrow = structuredClone(structure);
    (tooNarrow.visits[3] as { windowAfterDays: number }).windowAfterDays = -1;
    (tooNarrow.arms[1] as { allocationRatio: number }).allocationRatio = 0;
    const shape = await manager.post(url, { versionLabel: '1.0', ...tooNarrow });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining(['/visits/3/windowAfterDays', '/arms/1/allocationRatio']),
    );

    const broken = structuredClone(structure);
    broken.arms.push({ ...item(structure.arms, 0), name: 'Again' });
    item(broken.visits, 2).code = 'BL';
    item(broken.visits, 0).procedures.push({ code: 'ICF', name: 'Consent again', required: true });
    item(broken.visits, 1).targetDay = 3;
    broken.visits.push({ ...item(structure.visits, 0), code: 'SCR2' });
    item(broken.visits, 4).targetDay = 10;
    broken.criteria.push({ kind: 'inclusion', number: 2, text: 'Twice' });
    const rules = await manager.post(url, { versionLabel: '1.0', ...broken });
    expect(rules.statusCode).toBe(400);
    const errors = rules.json().errors as { pointer: string; detail: string }[];
    const pointers = errors.map((e) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/arms/2/code',
        '/visits/2/code',
        '/visits/0/procedures/2/code',
        '/visits/1/targetDay',
        '/visits/7/kind',
        '/visits/4/targetDay',
        '/criteria/3/number',
      ]),
    );
    expect(errors.find((e) => e.pointer === '/visits/7/kind')?.detail).toContain('before the baseline visit BL');
    expect(errors.find((e) => e.pointer === '/visits/4/targetDay')?.detail).toContain('before W12 (day 84)');

    const unscheduled = structuredClone(structure);
    item(unscheduled.visits, 6).targetDay = 5;
    item(unscheduled.visits, 2).anchor = null;
    const anchors = await manager.post(url, { versionLabel: '1.0', ...unscheduled });
    expect(anchors.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/visits/2/anchor', '/visits/6/targetDay']);
    expect((await manager.get(url)).json().items).toEqual([]);
  });

  it('changes a draft as a whole structure, audited per section, with If-Match', async () => {
    const study = await newStudy();
    const created = (await manager.post(`/api/studies/${study.id}/protocols`, { versionLabel: '1.0', ...sampleStructure() })).json();
    const url = `/api/protocols/${created.id}`;
    const next = sampleStructure({ ratio: '2:1' });
    item(next.visits, 2).windowAfterDays = 5;
    item(next.visits, 3).procedures.push({ code: 'PK', name: 'PK sample', required: true });
    next.visits = next.visits.filter((v) => v.code !== 'FU');
    item(next.criteria, 0).text = 'Adults aged 18 to 80.';
    const body = { versionLabel: '1.0 (final draft)', ...next, reason: 'Medical review comments' };

    expect((await manager.patch(url, body)).statusCode).toBe(428);
    const patched = await manager.patch(url, body, ifMatch(1));
    expect(patched.statusCode).toBe(200);
    expect(patched.headers.etag).toBe('"2"');
    expect(patched.json().arms[0]).toMatchObject({ code: 'ACTIVE', allocationRatio: 2 });
    expect(patched.json().visits.map((v: { code: string }) => v.code)).not.toContain('FU');
    expect((await manager.patch(url, { versionLabel: 'Stale' }, ifMatch(1))).statusCode).toBe(412);

    const trail = await history('protocol_version', created.id);
    expect(trail.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
    const update = trail.items[1];
    expect(update.reason).toBe('Medical review comments');
    const change = (field: string) => update.changes.find((c: Change) => c.field === field);
    expect(change('versionLabel')).toMatchObject({ old: '1.0', new: '1.0 (final draft)' });
    expect(change('arms.ACTIVE.allocationRatio')).toMatchObject({ old: 1, new: 2 });
    expect(change('visits.W4.windowAfterDays')).toMatchObject({ old: 3, new: 5 });
    expect(change('visits.W12.procedures.PK')).toMatchObject({ old: null, new: { code: 'PK', required: true } });
    expect(change('visits.FU')).toMatchObject({ old: { code: 'FU' }, new: null });
    expect(change('visits.EOS.sequence')).toMatchObject({ old: 6, new: 5 });
    expect(change('criteria.inclusion.1.text')).toMatchObject({ new: 'Adults aged 18 to 80.' });
    expect(change('visits.BL')).toBeUndefined();

    // Only the sections sent are replaced.
    const labelOnly = await manager.patch(url, { summaryOfChanges: 'Wording' }, ifMatch(2));
    expect(labelOnly.json().visits).toHaveLength(6);
  });

  it('is frozen once final; an amendment starts as a copy', async () => {
    const study = await newStudy();
    const empty = (await manager.post(`/api/studies/${study.id}/protocols`, { versionLabel: '1.0' })).json();
    const incomplete = await manager.post(`/api/protocols/${empty.id}/finalize`, {}, ifMatch(1));
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/arms', '/visits', '/criteria']);

    const filled = await manager.patch(`/api/protocols/${empty.id}`, sampleStructure(), ifMatch(1));
    expect(filled.statusCode).toBe(200);
    expect((await manager.post(`/api/protocols/${empty.id}/finalize`, {}, ifMatch(1))).statusCode).toBe(412);
    const final = await manager.post(`/api/protocols/${empty.id}/finalize`, { reason: 'Signed off' }, ifMatch(2));
    expect(final.statusCode).toBe(200);
    expect(final.json()).toMatchObject({ status: 'final', version: 3 });
    expect(final.json().finalizedAt).toBeTruthy();

    const frozen = await manager.patch(`/api/protocols/${empty.id}`, { versionLabel: 'Changed' }, ifMatch(3));
    expect(frozen.statusCode).toBe(409);
    expect((await manager.post(`/api/protocols/${empty.id}/finalize`, {}, ifMatch(3))).statusCode).toBe(409);
    // The database refuses it too, whatever the path.
    await expect(t.database.db.deleteFrom('protocol_criteria').where('protocol_version_id', '=', empty.id).execute()).rejects.toThrow(
      /final/,
    );

    const amended = await manager.post(`/api/protocols/${empty.id}/amend`, {
      versionLabel: '2.0 (Amendment 1)',
      summaryOfChanges: 'Adds a week 8 visit',
    });
    expect(amended.statusCode).toBe(201);
    const copy = amended.json();
    expect(copy).toMatchObject({ versionNumber: 2, status: 'draft', amendsVersionId: empty.id, version: 1 });
    expect(copy.visits.map((v: { code: string }) => v.code)).toEqual(final.json().visits.map((v: { code: string }) => v.code));
    expect(copy.visits[0].id).not.toBe(final.json().visits[0].id);
    expect(copy.visits[1].procedures).toEqual(
      final.json().visits[1].procedures.map((p: { id: string }) => ({ ...p, id: expect.any(String) })),
    );
    expect((await manager.post(`/api/protocols/${empty.id}/amend`, { versionLabel: '3.0' })).statusCode).toBe(409);
    expect((await manager.post(`/api/protocols/${copy.id}/amend`, { versionLabel: '3.0' })).statusCode).toBe(409);
    expect((await manager.post(`/api/studies/${study.id}/protocols`, { versionLabel: '9.0' })).statusCode).toBe(409);

    const list = (await manager.get(`/api/studies/${study.id}/protocols`)).json().items;
    expect(list.map((v: { versionLabel: string; status: string }) => `${v.versionLabel}:${v.status}`)).toEqual([
      '2.0 (Amendment 1):draft',
      '1.0:final',
    ]);
    const trail = await history('protocol_version', empty.id);
    expect(trail.items.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'status_change']);
    expect(trail.items[2]).toMatchObject({ reason: 'Signed off', changes: [{ field: 'status', old: 'draft', new: 'final' }] });
    const copyTrail = await history('protocol_version', copy.id);
    expect(copyTrail.items[0].changes).toEqual(expect.arrayContaining([{ field: 'amendsVersionId', old: null, new: empty.id }]));
  });

  it('refuses a label used twice in the study', async () => {
    const study = await newStudy();
    await makeFinalProtocol(t.database.db, study.id, { versionLabel: '1.0' });
    const again = await manager.post(`/api/studies/${study.id}/protocols`, { versionLabel: '1.0' });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].pointer).toBe('/versionLabel');
  });
});

describe('who may', () => {
  it('lets the study team write, others of the study read, and hides it from another sponsor', async () => {
    const study = a.study;
    const version = await makeFinalProtocol(t.database.db, study.id, { versionLabel: 'A-1' });
    expect((await cra.post(`/api/studies/${study.id}/protocols`, { versionLabel: 'x' })).statusCode).toBe(403);
    expect((await coordinator.post(`/api/protocols/${version.id}/amend`, { versionLabel: 'x' })).statusCode).toBe(403);
    expect((await cra.get(`/api/protocols/${version.id}`)).statusCode).toBe(200);
    expect((await coordinator.get(`/api/studies/${study.id}/protocols`)).statusCode).toBe(200);

    expect((await managerB.get(`/api/protocols/${version.id}`)).statusCode).toBe(404);
    expect((await managerB.get(`/api/studies/${study.id}/protocols`)).statusCode).toBe(404);
    expect((await managerB.post(`/api/studies/${study.id}/protocols`, { versionLabel: 'x' })).statusCode).toBe(404);
    expect((await managerB.post(`/api/protocols/${version.id}/amend`, { versionLabel: 'x' })).statusCode).toBe(404);
    expect((await managerB.patch(`/api/protocols/${version.id}`, { versionLabel: 'x' }, ifMatch(2))).statusCode).toBe(404);
    expect((await history('protocol_version', version.id, coordinator)).status).toBe(200);
    expect((await history('protocol_version', version.id, managerB)).status).toBe(404);
  });
});
