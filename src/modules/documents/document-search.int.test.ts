import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, makeStudySite, makeTenant, makeUser, type Tenant } from '../../../test/support/factories.js';
import { multipartForm, pdfBytes } from '../../../test/support/files.js';
import { makeStaffMember } from '../../../test/support/start-up-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

// A word no other test files: each search below sees only this file's documents.
const word = `Zanzib${Date.now().toString(36)}`;

let t: TestApp;
let a: Tenant;
let manager: Client;
let coordinator: Client;
const ids: Record<string, string> = {};

async function file(api: Client, name: string, fields: Record<string, string | undefined>) {
  const response = await api.post(
    '/api/documents',
    multipartForm({ bytes: pdfBytes(name), name: 'file.pdf' }, { studyId: a.study.id, siteId: a.site.id, ...fields }),
  );
  expect(response.statusCode).toBe(201);
  ids[name] = response.json().id;
}

async function search(api: Client, q: string, extra = ''): Promise<string[]> {
  const response = await api.get(`/api/documents?q=${encodeURIComponent(q)}&limit=200${extra}`);
  expect(response.statusCode).toBe(200);
  return response.json().items.map((d: { id: string }) => d.id);
}

const names = (found: string[]) =>
  found
    .map((id) => Object.entries(ids).find(([, v]) => v === id)?.[0])
    .filter(Boolean)
    .sort();

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  a = await makeTenant(db);
  const otherSite = await makeSite(db, { organizationId: a.siteOrg.id });
  await makeStudySite(db, a.study.id, otherSite.id);
  manager = client(
    t.app,
    (await makeUser(db, a.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id }])).cookie,
  );
  coordinator = client(
    t.app,
    (await makeUser(db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }])).cookie,
  );
  const person = await makeStaffMember(db, a.site.id, 'sub_investigator', `Dr. Ada ${word}ova`);

  await file(manager, 'trial plan', { siteId: undefined, artifactNumber: '01.01.02', title: `${word} management plan` });
  await file(coordinator, 'site log', { artifactNumber: '05.04.04', title: `Visit log ${word}` });
  await file(coordinator, 'cv', { artifactNumber: '05.02.04', title: 'CV', personId: person.personId });
  await file(manager, 'other site log', { siteId: otherSite.id, artifactNumber: '05.04.04', title: `Visit log ${word} B` });

  const b = await makeTenant(db);
  const foreign = client(
    t.app,
    (await makeUser(db, b.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: b.site.id }])).cookie,
  );
  const response = await foreign.post(
    '/api/documents',
    multipartForm(
      { bytes: pdfBytes('foreign'), name: 'file.pdf' },
      { studyId: b.study.id, siteId: b.site.id, artifactNumber: '05.04.04', title: `Visit log ${word}` },
    ),
  );
  ids.foreign = response.json().id;
});
afterAll(() => t.close());

describe('document search', () => {
  it("matches the title or the person's name, in any case, among the documents the caller sees", async () => {
    expect(names(await search(manager, word.toLowerCase()))).toEqual(['cv', 'other site log', 'site log', 'trial plan']);
    // The coordinator sees the trial-level plan and their own site's files, not the other site's.
    expect(names(await search(coordinator, word.toUpperCase()))).toEqual(['cv', 'site log', 'trial plan']);
  });

  it("matches the artifact's name, with the other filters still applied", async () => {
    expect(names(await search(coordinator, 'curriculum VITAE', `&studyId=${a.study.id}`))).toEqual(['cv']);
    expect(names(await search(coordinator, 'curriculum vitae', `&artifactNumber=05.04.04&studyId=${a.study.id}`))).toEqual([]);
  });

  it('finds with a one- or two-letter text the same documents a filter by hand would', async () => {
    type Listed = { id: string; title: string; artifactName: string | null; personName: string | null };
    const all = (await coordinator.get(`/api/documents?studyId=${a.study.id}&limit=200`)).json().items as Listed[];
    // The text is looked for where the first test finds it: the title, the artifact's name and the
    // person's name (a factory's person may be called anything, "Lopez" say, when test files share a database).
    const expected = all
      .filter((d) => [d.title, d.artifactName, d.personName].some((text) => text?.toLowerCase().includes('lo')))
      .map((d) => d.id);
    expect(await search(coordinator, 'lo', `&studyId=${a.study.id}`)).toEqual(expected);
    expect(names(await search(coordinator, 'V', `&studyId=${a.study.id}&artifactNumber=05.02.04`))).toEqual(['cv']);
  });

  it('pages through the matches in order, each once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = (await manager.get(`/api/documents?q=${word}&limit=1&sort=title&order=desc${after}`)).json();
      seen.push(...page.items.map((d: { id: string; title: string }) => d.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([`${word} management plan`, `Visit log ${word} B`, `Visit log ${word}`, 'CV']);
  });

  it("leaves out another sponsor's document that matches as well", async () => {
    expect(await search(manager, `visit log ${word}`)).not.toContain(ids.foreign);
    expect(await search(coordinator, word)).not.toContain(ids.foreign);
  });

  it('finds with a two-character text every document that holds it anywhere (inside a word too), in any case, % as itself', async () => {
    await file(coordinator, 'dose', { artifactNumber: '05.04.04', title: 'Dose at 5% strength' });
    type Listed = { id: string; title: string; artifactName: string | null; personName: string | null };
    const all = (await coordinator.get(`/api/documents?studyId=${a.study.id}&limit=200`)).json().items as Listed[];
    const byHand = (text: string) =>
      all.filter((d) => [d.title, d.artifactName, d.personName].some((field) => field?.toLowerCase().includes(text))).map((d) => d.id);
    for (const text of ['OV', 'va', '5%', 'h%']) {
      expect(await search(coordinator, text, `&studyId=${a.study.id}`)).toEqual(byHand(text.toLowerCase()));
    }
    // "Dr. Ada …ova": the pair inside the person's name; "5%" in the title, the % a character.
    expect(names(await search(coordinator, 'VA', `&studyId=${a.study.id}`))).toContain('cv');
    expect(names(await search(coordinator, '5%', `&studyId=${a.study.id}`))).toEqual(['dose']);
    expect(await search(coordinator, 'h%', `&studyId=${a.study.id}`)).toEqual([]);
  });

  it('pages through the matches of a two-letter text in order, each once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = (await coordinator.get(`/api/documents?q=lo&studyId=${a.study.id}&limit=1&order=desc${after}`)).json();
      seen.push(...page.items.map((d: { id: string }) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen).toEqual(await search(coordinator, 'lo', `&studyId=${a.study.id}&order=desc`));
  });
});
