import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeStudy, makeUser } from '../../../test/support/factories.js';
import { client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function studyManager() {
  const sponsor = await makeOrganization(t.database.db, 'sponsor');
  const manager = await makeUser(t.database.db, sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: sponsor.id }]);
  return { sponsor, api: client(t.app, manager.cookie) };
}

describe('studies', () => {
  it('creates a study, reads it with an ETag and records the creation in its history', async () => {
    const { sponsor, api } = await studyManager();
    const created = await api.post('/api/studies', {
      sponsorOrgId: sponsor.id,
      protocolNumber: 'ABC-123',
      title: 'A study of something',
      shortName: 'ABC',
      phase: 'phase_3',
      plannedFpiDate: '2027-01-04',
      plannedLpiDate: '2027-12-20',
    });
    expect(created.statusCode).toBe(201);
    const study = created.json();
    expect(study).toMatchObject({ protocolNumber: 'ABC-123', status: 'planning', sponsorName: sponsor.name, version: 1 });

    const read = await api.get(`/api/studies/${study.id}`);
    expect(read.headers.etag).toBe('"1"');

    const history = (await api.get(`/api/audit?entityType=study&entityId=${study.id}`)).json();
    expect(history.items).toHaveLength(1);
    expect(history.items[0].action).toBe('create');
    expect(history.items[0].changes).toContainEqual({ field: 'protocolNumber', old: null, new: 'ABC-123' });
  });

  it('updates with If-Match, refuses a stale version with 412 and changes nothing', async () => {
    const { sponsor, api } = await studyManager();
    const study = await makeStudy(t.database.db, { sponsorOrgId: sponsor.id });
    const updated = await api.patch(
      `/api/studies/${study.id}`,
      { status: 'follow_up', reason: 'Last participant in' },
      { 'if-match': '"1"' },
    );
    expect(updated.statusCode).toBe(200);
    expect(updated.headers.etag).toBe('"2"');

    const stale = await api.patch(`/api/studies/${study.id}`, { title: 'Overwritten' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect((await api.get(`/api/studies/${study.id}`)).json().title).toBe(study.title);

    const missing = await api.patch(`/api/studies/${study.id}`, { title: 'No precondition' });
    expect(missing.statusCode).toBe(428);

    const history = (await api.get(`/api/audit?entityType=study&entityId=${study.id}`)).json().items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['create', 'status_change']);
    expect(history[1]).toMatchObject({ reason: 'Last participant in', changes: [{ field: 'status', old: 'enrolling', new: 'follow_up' }] });
  });

  it('refuses a second study with the same protocol number at one sponsor, naming the field', async () => {
    const { sponsor, api } = await studyManager();
    const first = await makeStudy(t.database.db, { sponsorOrgId: sponsor.id });
    const clash = await api.post('/api/studies', {
      sponsorOrgId: sponsor.id,
      protocolNumber: first.protocolNumber.toLowerCase(),
      title: 'x',
      shortName: 'x',
      phase: 'phase_1',
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().errors).toEqual([{ pointer: '/protocolNumber', detail: expect.any(String) }]);
  });

  it('lists with filters, sort and keyset pagination', async () => {
    const { sponsor, api } = await studyManager();
    for (const name of ['Delta', 'alpha', 'Charlie', 'bravo', 'Echo']) {
      await makeStudy(t.database.db, { sponsorOrgId: sponsor.id, shortName: name, status: name === 'Echo' ? 'closed' : 'enrolling' });
    }
    const page1 = (await api.get(`/api/studies?sponsorOrgId=${sponsor.id}&limit=2&sort=shortName`)).json();
    expect(page1.items.map((s: { shortName: string }) => s.shortName)).toEqual(['alpha', 'bravo']);
    const page2 = (await api.get(`/api/studies?sponsorOrgId=${sponsor.id}&limit=2&sort=shortName&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((s: { shortName: string }) => s.shortName)).toEqual(['Charlie', 'Delta']);
    const page3 = (await api.get(`/api/studies?sponsorOrgId=${sponsor.id}&limit=2&sort=shortName&cursor=${page2.nextCursor}`)).json();
    expect(page3.items.map((s: { shortName: string }) => s.shortName)).toEqual(['Echo']);
    expect(page3.nextCursor).toBeNull();

    const desc = (await api.get(`/api/studies?sponsorOrgId=${sponsor.id}&sort=shortName&order=desc&limit=1`)).json();
    expect(desc.items[0].shortName).toBe('Echo');
    const closed = (await api.get(`/api/studies?sponsorOrgId=${sponsor.id}&status=closed`)).json();
    expect(closed.items.map((s: { shortName: string }) => s.shortName)).toEqual(['Echo']);
    const searched = (await api.get(`/api/studies?q=harli`)).json();
    expect(searched.items.map((s: { shortName: string }) => s.shortName)).toEqual(['Charlie']);
  });
});
