// @module-tag today
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, makeStudySite, makeTenant, makeUser, type Tenant } from '../../../test/support/factories.js';
import { makeFinalProtocol, makeIcfVersion, makeProtocolVersion } from '../../../test/support/protocol-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { systemContext } from '../../platform/context.js';
import { addDays, localDate } from '../../platform/dates.js';
import { amendProtocolVersion } from './amend-protocol-version.js';
import { finalizeProtocolVersion } from './finalize-protocol-version.js';
import { unsafeIcfInForceAt, unsafeProtocolInForceAt } from './in-force.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let siteTwo: { id: string };
let siteThree: { id: string };
let manager: Client;
let cra: Client;
let coordinator: Client;
let smoLead: Client;
let managerB: Client;
let v1: { id: string };
let v2: { id: string };

/** The factories' sites are in America/Chicago: approval dates are the site's dates. */
const day = (offset: number) => addDays(localDate(t.clock.now(), 'America/Chicago'), offset);
type Named = { versionLabel: string };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  a = await makeTenant(db);
  b = await makeTenant(db);
  siteTwo = await makeStudySite(db, a.study.id, (await makeSite(db)).id, { smoOrgId: a.smo.id });
  siteThree = await makeStudySite(db, a.study.id, (await makeSite(db)).id);
  const login = async (orgId: string, grant: Parameters<typeof makeUser>[2][number]) =>
    client(t.app, (await makeUser(db, orgId, [grant], t.clock.now())).cookie);
  manager = await login(a.sponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id });
  cra = await login(a.cro.id, { role: 'cra', scopeType: 'organization', scopeId: a.cro.id });
  coordinator = await login(a.siteOrg.id, { role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id });
  smoLead = await login(a.smo.id, { role: 'smo_network_lead', scopeType: 'organization', scopeId: a.smo.id });
  managerB = await login(b.sponsor.id, { role: 'study_manager', scopeType: 'organization', scopeId: b.sponsor.id });

  const setup = systemContext('test-setup');
  v1 = await makeFinalProtocol(db, a.study.id, { versionLabel: '1.0' });
  const draft = await amendProtocolVersion(db, setup, v1.id, { versionLabel: '2.0 (Amendment 1)' });
  v2 = await finalizeProtocolVersion(db, setup, draft.id, draft.version);
});
afterAll(() => t.close());

const approvals = (studySiteId: string) => `/api/studies/${a.study.id}/sites/${studySiteId}/protocol-approvals`;
const icfApprovals = (studySiteId: string) => `/api/studies/${a.study.id}/sites/${studySiteId}/icf-approvals`;

async function history(entityType: string, entityId: string, api = manager) {
  const response = await api.get(`/api/audit?entityType=${entityType}&entityId=${entityId}`);
  return { status: response.statusCode, items: response.statusCode === 200 ? response.json().items : [] };
}

describe('protocol approvals at sites', () => {
  it('decide the version in force at each site on each day', async () => {
    const db = t.database.db;
    const one = a.studySite.id;
    expect(await unsafeProtocolInForceAt(db, one, day(0))).toBeUndefined();

    const first = await manager.post(approvals(one), { protocolVersionId: v1.id, approvedOn: day(-100), reason: 'IRB letter 2026-01' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ protocolVersionId: v1.id, versionNumber: 1, versionLabel: '1.0', approvedOn: day(-100) });
    expect((await manager.post(approvals(siteTwo.id), { protocolVersionId: v1.id, approvedOn: day(-90) })).statusCode).toBe(201);
    expect((await manager.post(approvals(one), { protocolVersionId: v2.id, approvedOn: day(-30) })).statusCode).toBe(201);

    expect(await unsafeProtocolInForceAt(db, one, day(-101))).toBeUndefined();
    const early = await unsafeProtocolInForceAt(db, one, day(-100));
    expect(early).toMatchObject({ id: v1.id, versionLabel: '1.0', approval: { approvedOn: day(-100) } });
    expect(early?.visits.map((v) => v.code)).toContain('W12');
    expect(early?.visits[1]?.procedures.map((p) => p.code)).toEqual(['VS', 'ECG']);
    expect(early?.arms).toHaveLength(2);
    expect(early?.criteria).toHaveLength(3);
    expect((await unsafeProtocolInForceAt(db, one, day(-31)))?.id).toBe(v1.id);
    expect((await unsafeProtocolInForceAt(db, one, day(-30)))?.id).toBe(v2.id);
    expect((await unsafeProtocolInForceAt(db, one, day(0)))?.id).toBe(v2.id);
    // The other site has not approved the amendment: it still works to 1.0.
    expect((await unsafeProtocolInForceAt(db, siteTwo.id, day(0)))?.id).toBe(v1.id);
    expect(await unsafeProtocolInForceAt(db, siteThree.id, day(0))).toBeUndefined();

    const list = await cra.get(approvals(one));
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: Named) => i.versionLabel)).toEqual(['2.0 (Amendment 1)', '1.0']);
    const trail = await history('protocol_site_approval', first.json().id);
    expect(trail.items).toHaveLength(1);
    expect(trail.items[0]).toMatchObject({ action: 'create', reason: 'IRB letter 2026-01' });
    expect(trail.items[0].changes).toEqual(expect.arrayContaining([{ field: 'approvedOn', old: null, new: day(-100) }]));
  });

  it('refuses drafts, repeats, earlier dates, earlier versions and the future', async () => {
    const db = t.database.db;
    const other = await makeTenant(db);
    const admin = client(
      t.app,
      (await makeUser(db, other.sponsor.id, [{ role: 'platform_admin', scopeType: 'platform' }], t.clock.now())).cookie,
    );
    const first = await makeFinalProtocol(db, other.study.id, { versionLabel: '1.0' });
    const draft = await amendProtocolVersion(db, systemContext('test'), first.id, { versionLabel: '2.0' });
    const url = `/api/studies/${other.study.id}/sites/${other.studySite.id}/protocol-approvals`;

    const ofDraft = await admin.post(url, { protocolVersionId: draft.id, approvedOn: day(-5) });
    expect(ofDraft.statusCode).toBe(409);
    expect(ofDraft.json().errors[0].pointer).toBe('/protocolVersionId');
    const otherStudy = await admin.post(url, { protocolVersionId: v1.id, approvedOn: day(-5) });
    expect(otherStudy.statusCode).toBe(400);
    expect(otherStudy.json().errors[0].pointer).toBe('/protocolVersionId');
    const future = await admin.post(url, { protocolVersionId: first.id, approvedOn: day(1) });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].pointer).toBe('/approvedOn');
    const badDate = await admin.post(url, { protocolVersionId: first.id, approvedOn: '2026-02-30' });
    expect(badDate.json().errors[0].pointer).toBe('/approvedOn');

    expect((await admin.post(url, { protocolVersionId: first.id, approvedOn: day(-20) })).statusCode).toBe(201);
    expect((await admin.post(url, { protocolVersionId: first.id, approvedOn: day(-10) })).statusCode).toBe(409);
    const second = await finalizeProtocolVersion(db, systemContext('test'), draft.id, draft.version);
    const before = await admin.post(url, { protocolVersionId: second.id, approvedOn: day(-21) });
    expect(before.statusCode).toBe(400);
    expect(before.json().errors[0]).toMatchObject({ pointer: '/approvedOn' });
    expect(before.json().errors[0].detail).toContain(`on ${day(-20)}`);
    // The same day is allowed: the later version wins.
    expect((await admin.post(url, { protocolVersionId: second.id, approvedOn: day(-20) })).statusCode).toBe(201);
    expect((await unsafeProtocolInForceAt(db, other.studySite.id, day(-20)))?.id).toBe(second.id);

    // A site that skipped to 2.0 cannot go back to 1.0.
    const site = await makeStudySite(db, other.study.id, (await makeSite(db)).id);
    const skipUrl = `/api/studies/${other.study.id}/sites/${site.id}/protocol-approvals`;
    expect((await admin.post(skipUrl, { protocolVersionId: second.id, approvedOn: day(-3) })).statusCode).toBe(201);
    const back = await admin.post(skipUrl, { protocolVersionId: first.id, approvedOn: day(-1) });
    expect(back.statusCode).toBe(409);
    expect(back.json().errors[0].pointer).toBe('/protocolVersionId');
  });

  it('are recorded by the study team or the study-site manager, not a coordinator, a CRA or another sponsor', async () => {
    const body = { protocolVersionId: v1.id, approvedOn: day(-50) };
    expect((await coordinator.post(approvals(a.studySite.id), body)).statusCode).toBe(403);
    expect((await cra.post(approvals(siteThree.id), body)).statusCode).toBe(403);
    expect((await managerB.post(approvals(siteThree.id), body)).statusCode).toBe(404);
    expect((await managerB.get(approvals(a.studySite.id))).statusCode).toBe(404);
    // The SMO supports site three? No: only the tenant's study-site and site two.
    expect((await smoLead.post(approvals(siteThree.id), body)).statusCode).toBe(404);
    const bySmo = await smoLead.post(approvals(siteTwo.id), { protocolVersionId: v2.id, approvedOn: day(-10) });
    expect(bySmo.statusCode).toBe(201);
    expect((await coordinator.get(approvals(a.studySite.id))).statusCode).toBe(200);
    // A coordinator of one site sees nothing of another site's approvals.
    expect((await coordinator.get(approvals(siteTwo.id))).statusCode).toBe(404);
    expect((await history('protocol_site_approval', bySmo.json().id, coordinator)).status).toBe(404);
  });
});

describe('consent form versions', () => {
  it('are registered per study and language, each reference checked', async () => {
    const db = t.database.db;
    const url = `/api/studies/${a.study.id}/icf-versions`;
    const created = await manager.post(url, { versionLabel: '1.0', language: 'en-us', protocolVersionId: v1.id, reason: 'Master ICF' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ versionLabel: '1.0', language: 'en-US', protocolVersionId: v1.id, documentId: null });
    expect((await manager.post(url, { versionLabel: '1.0', language: 'en-US' })).statusCode).toBe(409);
    const badLanguage = await manager.post(url, { versionLabel: '1.1', language: 'english' });
    expect(badLanguage.statusCode).toBe(400);
    expect(badLanguage.json().errors[0].pointer).toBe('/language');
    const otherProtocol = await makeProtocolVersion(db, b.study.id);
    const foreign = await manager.post(url, { versionLabel: '1.1', language: 'en-US', protocolVersionId: otherProtocol.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].pointer).toBe('/protocolVersionId');
    const noDocument = await manager.post(url, { versionLabel: '1.1', language: 'en-US', documentId: otherProtocol.id });
    expect(noDocument.json().errors[0].pointer).toBe('/documentId');
    expect((await coordinator.post(url, { versionLabel: '1.2', language: 'en-US' })).statusCode).toBe(403);
    expect((await managerB.get(url)).statusCode).toBe(404);
    expect((await coordinator.get(url)).json().items.map((i: Named) => i.versionLabel)).toEqual(['1.0']);
    const trail = await history('icf_version', created.json().id);
    expect(trail.items[0]).toMatchObject({ action: 'create', reason: 'Master ICF' });
  });

  it('are in force at a site from their approval, per language', async () => {
    const db = t.database.db;
    const en1 = await makeIcfVersion(db, a.study.id, 'EN 1.0', 'en-US');
    const en2 = await makeIcfVersion(db, a.study.id, 'EN 2.0', 'en-US');
    const es1 = await makeIcfVersion(db, a.study.id, 'ES 1.0', 'es-US');
    const one = a.studySite.id;
    expect(await unsafeIcfInForceAt(db, one, day(0))).toEqual([]);

    const approved = await manager.post(icfApprovals(one), { icfVersionId: en1.id, approvedOn: day(-100) });
    expect(approved.statusCode).toBe(201);
    expect(approved.json()).toMatchObject({ icfVersionId: en1.id, language: 'en-US', approvedOn: day(-100) });
    expect((await smoLead.post(icfApprovals(siteTwo.id), { icfVersionId: en1.id, approvedOn: day(-80) })).statusCode).toBe(201);
    expect((await manager.post(icfApprovals(one), { icfVersionId: es1.id, approvedOn: day(-60) })).statusCode).toBe(201);
    expect((await manager.post(icfApprovals(one), { icfVersionId: en2.id, approvedOn: day(-20) })).statusCode).toBe(201);

    const label = (items: Named[]) => items.map((i) => i.versionLabel);
    expect(label(await unsafeIcfInForceAt(db, one, day(-101)))).toEqual([]);
    expect(label(await unsafeIcfInForceAt(db, one, day(-70)))).toEqual(['EN 1.0']);
    expect(label(await unsafeIcfInForceAt(db, one, day(-40)))).toEqual(['EN 1.0', 'ES 1.0']);
    expect(label(await unsafeIcfInForceAt(db, one, day(0)))).toEqual(['EN 2.0', 'ES 1.0']);
    expect(label(await unsafeIcfInForceAt(db, one, day(0), 'es-US'))).toEqual(['ES 1.0']);
    expect((await unsafeIcfInForceAt(db, one, day(0), 'en-US'))[0]?.approval.approvedOn).toBe(day(-20));
    expect(label(await unsafeIcfInForceAt(db, siteTwo.id, day(0)))).toEqual(['EN 1.0']);

    const earlier = await smoLead.post(icfApprovals(siteTwo.id), { icfVersionId: en2.id, approvedOn: day(-81) });
    expect(earlier.statusCode).toBe(400);
    expect(earlier.json().errors[0].pointer).toBe('/approvedOn');
    expect((await manager.post(icfApprovals(one), { icfVersionId: en2.id, approvedOn: day(-1) })).statusCode).toBe(409);
    expect((await coordinator.post(icfApprovals(one), { icfVersionId: en2.id, approvedOn: day(-1) })).statusCode).toBe(403);
    expect((await managerB.post(icfApprovals(one), { icfVersionId: en2.id, approvedOn: day(-1) })).statusCode).toBe(404);

    const list = (await coordinator.get(icfApprovals(one))).json().items;
    expect(list.map((i: Named & { language: string }) => `${i.language} ${i.versionLabel}`)).toEqual([
      'en-US EN 2.0',
      'en-US EN 1.0',
      'es-US ES 1.0',
    ]);
    const trail = await history('icf_site_approval', approved.json().id, coordinator);
    expect(trail.items[0].changes).toEqual(expect.arrayContaining([{ field: 'language', old: null, new: 'en-US' }]));
  });
});
