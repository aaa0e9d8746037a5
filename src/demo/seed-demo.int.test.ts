import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, client, createTestApp, type TestApp } from '../../test/support/test-app.js';
import { verifyAuditChain } from '../platform/audit/verify-audit-chain.js';
import { localContentStore } from '../platform/storage/content-store.js';
import { demoPassword } from './demo-portfolio.js';
import { type SeedProgress, seedDemo } from './seed-demo.js';

// What the browser tests rely on in the demo, read through the API as the demo users see it.
let t: TestApp;
const sessions = new Map<string, Client>();
const progress: SeedProgress[] = [];

// Rows updated before they were created, per table, before the demo is seeded: on PostgreSQL the
// test database is shared with other test files, some of which set the clock back on purpose.
let backwardsBeforeSeeding = new Map<string, number>();

// Seeding the whole demo portfolio: well over a minute while other test files share the cores.
beforeAll(async () => {
  t = await createTestApp();
  backwardsBeforeSeeding = await countBackwardsRows();
  const store = localContentStore(mkdtempSync(join(tmpdir(), 'trialdesk-demo-documents-')));
  await seedDemo(t.database.db, store, undefined, (stage) => progress.push(stage));
}, 300_000);
afterAll(async () => {
  await t?.close();
});

/** Per table with both created_at and updated_at, how many rows were updated before they were created. */
async function countBackwardsRows(): Promise<Map<string, number>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where table_schema = current_schema() and column_name in ('created_at', 'updated_at')
    group by table_name having count(*) = 2 order by table_name`.execute(t.database.db);
  const counts = new Map<string, number>();
  for (const { table_name } of tables.rows) {
    const found = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)} where updated_at < created_at`.execute(
      t.database.db,
    );
    counts.set(table_name, found.rows[0]?.n ?? 0);
  }
  return counts;
}

async function as(user: string): Promise<Client> {
  const known = sessions.get(user);
  if (known) return known;
  const login = await client(t.app).post('/api/auth/login', { email: `${user}@demo.trialdesk.dev`, password: demoPassword });
  expect(login.statusCode, login.body).toBe(200);
  const header = login.headers['set-cookie'];
  const cookie = (Array.isArray(header) ? header[0] : header)?.split(';')[0];
  const api = client(t.app, cookie);
  sessions.set(user, api);
  return api;
}

async function studyId(api: Client, shortName: string): Promise<string> {
  const studies = (await api.get(`/api/studies?q=${shortName}`)).json().items as { id: string; shortName: string }[];
  const study = studies.find((s) => s.shortName === shortName);
  if (!study) throw new Error(`no study ${shortName}`);
  return study.id;
}

async function studySite(api: Client, study: string, siteNumber: string) {
  const sites = (await api.get(`/api/studies/${study}/sites?limit=100`)).json().items as {
    id: string;
    siteNumber: string;
    version: number;
  }[];
  const site = sites.find((s) => s.siteNumber === siteNumber);
  if (!site) throw new Error(`no site ${siteNumber}`);
  return site;
}

type Item = { artifactNumber: string; personName: string | null; status: string; expiryDate: string | null };

describe('the demo portfolio', () => {
  it('reports each stage as it starts, in order, for the first start to log', () => {
    expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(progress.every((p) => p.of === 8 && p.stage.length > 0)).toBe(true);
    expect(progress[0]?.stage).toBe('organizations, sites and studies');
    expect(progress.at(-1)?.stage).toBe('data queries');
  });

  it('hashes its published password once for every account, and every account logs in with it', async () => {
    const accounts = await t.database.db
      .selectFrom('users')
      .select(['email', 'password_hash'])
      .where('email', 'like', '%@demo.trialdesk.dev')
      .execute();
    expect(accounts.length).toBeGreaterThan(5);
    expect(new Set(accounts.map((a) => a.password_hash)).size).toBe(1);
    for (const { email } of accounts) {
      const login = await client(t.app).post('/api/auth/login', { email, password: demoPassword });
      expect(login.statusCode, `${email}: ${login.body}`).toBe(200);
    }
  });

  it("shows AURORA Chicago's site file with Dr. Brooks's CV missing, his GCP certificate as his training says, and the PI's CV expiring", async () => {
    const api = await as('coordinator');
    const aurora = await studyId(api, 'AURORA');
    const chicago = await studySite(api, aurora, '101');
    const response = await api.get(`/api/studies/${aurora}/completeness?withItems=true`);
    expect(response.statusCode, response.body).toBe(200);
    const site = (response.json().sites as { studySiteId: string; items: Item[] }[]).find((s) => s.studySiteId === chicago.id);
    const item = (artifact: string, person: string | null) =>
      site?.items.find((i) => i.artifactNumber === artifact && i.personName === person)?.status;
    expect(item('05.02.05', 'Dr. Ethan Brooks')).toBe('missing');
    expect(item('05.02.04', 'Dr. Maya Okafor')).toBe('expiring');
    expect(item('05.02.07', 'Dr. Ethan Brooks')).toBe('complete');
    // The certificate and the training record tell one story: the same course, current until the same day.
    const certificate = site?.items.find((i) => i.artifactNumber === '05.02.07' && i.personName === 'Dr. Ethan Brooks');
    const training = await api.get(`/api/studies/${aurora}/sites/${chicago.id}/training-status`);
    expect(training.statusCode, training.body).toBe(200);
    type Person = { personName: string; items: { kind: string; status: string; expiresOn: string | null }[] };
    const brooks = (training.json().people as Person[]).find((p) => p.personName === 'Dr. Ethan Brooks');
    expect(certificate?.expiryDate).toBeTruthy();
    expect(brooks?.items.find((i) => i.kind === 'gcp')).toMatchObject({ status: 'current', expiresOn: certificate?.expiryDate });
    expect(item('04.01.02', null)).toBe('complete');
    expect(item('05.02.12', null)).toBe('complete');
  });

  it("has Dr. Okafor's delegation entry signed and valid, and Dr. Brooks's unsigned, invalid for that reason alone", async () => {
    const api = await as('investigator');
    const aurora = await studyId(api, 'AURORA');
    const chicago = await studySite(api, aurora, '101');
    const response = await api.get(`/api/studies/${aurora}/sites/${chicago.id}/delegation`);
    expect(response.statusCode, response.body).toBe(200);
    const entries = response.json().items as { personName: string; valid: boolean; reasons: string[]; signatures: unknown[] }[];
    const maya = entries.find((e) => e.personName === 'Dr. Maya Okafor');
    const casey = entries.find((e) => e.personName === 'Casey Coordinator');
    const ethan = entries.find((e) => e.personName === 'Dr. Ethan Brooks');
    expect(maya).toMatchObject({ valid: true, reasons: [] });
    expect(maya?.signatures).toHaveLength(1);
    expect(casey).toMatchObject({ valid: true, reasons: [] });
    // Once the PI signs it, it is valid: training and licence are in place.
    expect(ethan).toMatchObject({ valid: false, reasons: ['Not signed by the principal investigator.'], signatures: [] });
  });

  it('lets the study manager activate AURORA Valencia without a milestone override', async () => {
    const api = await as('studymanager');
    const aurora = await studyId(api, 'AURORA');
    const valencia = await studySite(api, aurora, '301');
    const milestones = (await api.get(`/api/studies/${aurora}/sites/${valencia.id}/milestones`)).json();
    expect(milestones.openRequiredForActivation).toEqual([]);
    const response = await api.patch(
      `/api/studies/${aurora}/sites/${valencia.id}`,
      { status: 'active', reason: 'Ethics approval received; SIV held on site' },
      { 'if-match': `"${valencia.version}"` },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().status).toBe('active');
  });

  it('has one late milestone at a start-up site and BOREAL answers from Denver, München still open', async () => {
    const api = await as('studymanager');
    const boreal = await studyId(api, 'BOREAL');
    const board = (await api.get(`/api/studies/${boreal}/startup-board`)).json();
    const evanston = board.rows.find((r: { siteNumber: string }) => r.siteNumber === '1001');
    expect(evanston.lateCount).toBe(1);
    const invitations = (await api.get(`/api/feasibility/invitations?studyId=${boreal}`)).json().items as {
      siteNumber: string;
      status: string;
    }[];
    expect(Object.fromEntries(invitations.map((i) => [i.siteNumber, i.status]))).toEqual({ '1002': 'submitted', '2001': 'open' });
  });

  it("has AURORA Chicago's participants in every stage, the coordinator's, with pseudonymous subject numbers and names she may see", async () => {
    const api = await as('coordinator');
    const aurora = await studyId(api, 'AURORA');
    const chicago = await studySite(api, aurora, '101');
    const response = await api.get(`/api/participants?studySiteId=${chicago.id}&limit=100`);
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as { status: string; coordinatorUserId: string | null; fullName?: string }[];
    const byStatus = (status: string) => items.filter((p) => p.status === status).length;
    expect(items.length).toBeGreaterThanOrEqual(15);
    expect(byStatus('screening')).toBeGreaterThan(0);
    expect(byStatus('screen_failed')).toBe(2);
    expect(byStatus('withdrawn')).toBe(1);
    expect(byStatus('completed')).toBe(1);
    expect(byStatus('on_treatment') + byStatus('follow_up')).toBeGreaterThan(8);
    expect(new Set(items.map((p) => p.coordinatorUserId)).size).toBe(1);
    expect(items.every((p) => typeof p.fullName === 'string')).toBe(true);
    // A site's candidates who were not screened stay in the pre-screening log with their reasons.
    const summary = (await api.get(`/api/studies/${aurora}/prescreening-summary`)).json();
    expect(summary.byOutcome).toEqual(expect.arrayContaining([expect.objectContaining({ outcome: 'declined' })]));
    expect(summary.reasons.length).toBeGreaterThan(0);
  });

  it("gives AURORA's visits case report forms from its CRF metadata: demographics at screening, vital signs and the AE log after", async () => {
    const api = await as('coordinator');
    const aurora = await studyId(api, 'AURORA');
    const chicago = await studySite(api, aurora, '101');
    const items = (await api.get(`/api/participants?studySiteId=${chicago.id}&status=on_treatment&limit=1`)).json().items as {
      id: string;
    }[];
    const forms = (await api.get(`/api/participants/${items[0]?.id}/forms`)).json();
    const byCode = (code: string) => forms.visits.find((v: { visitCode: string }) => v.visitCode === code);
    expect(byCode('SCR').forms.map((f: { formOid: string }) => f.formOid)).toEqual(['F_DM', 'F_VS']);
    expect(byCode('BL').forms.map((f: { formOid: string; status: string }) => [f.formOid, f.status])).toEqual([
      ['F_VS', 'not_started'],
      ['F_AE', 'not_started'],
    ]);
  });

  it('shows the enrollment funnel with participants enrolled at both active AURORA sites', async () => {
    const api = await as('studymanager');
    const aurora = await studyId(api, 'AURORA');
    const response = await api.get(`/api/studies/${aurora}/enrollment`);
    expect(response.statusCode, response.body).toBe(200);
    const enrollment = response.json();
    expect(enrollment.totals.enrolled).toBeGreaterThan(20);
    expect(enrollment.totals.screenFailed).toBeGreaterThan(0);
    expect(enrollment.totals.prescreened).toBeGreaterThan(enrollment.totals.screened);
    const enrolledAt = Object.fromEntries(
      (enrollment.sites as { siteNumber: string; enrolled: number }[]).map((s) => [s.siteNumber, s.enrolled]),
    );
    expect(enrolledAt['101']).toBeGreaterThan(10);
    expect(enrolledAt['102']).toBeGreaterThan(5);
    expect(enrollment.series.length).toBeGreaterThan(10);
  });

  it('has deviations of every automatic kind: out of window, missed and visits done before re-consent', async () => {
    const api = await as('coordinator');
    const aurora = await studyId(api, 'AURORA');
    const response = await api.get(`/api/deviations?studyId=${aurora}&limit=100`);
    expect(response.statusCode, response.body).toBe(200);
    const deviations = response.json().items as { category: string; description: string }[];
    const categories = new Set(deviations.map((d) => d.category));
    expect(categories).toEqual(new Set(['visit_out_of_window', 'missed_visit', 'superseded_consent']));
    const late = deviations.find((d) => d.category === 'visit_out_of_window');
    expect(late?.description).toMatch(/late for its window/);
  });

  it("has the monitor's data queries open, answered and closed, in the coordinator's inbox by subject number", async () => {
    const api = await as('coordinator');
    const aurora = await studyId(api, 'AURORA');
    const response = await api.get(`/api/queries?studyId=${aurora}&limit=100`);
    expect(response.statusCode, response.body).toBe(200);
    const queries = response.json().items as { status: string; subjectNumber: string; text: string }[];
    expect(new Set(queries.map((q) => q.status))).toEqual(new Set(['open', 'answered', 'closed']));
    expect(queries.every((q) => /^\d{3}-\d{3}$/.test(q.subjectNumber))).toBe(true);
    const work = (await api.get('/api/me/work')).json() as { sections: { key: string; count: number }[] };
    expect(work.sections.find((s) => s.key === 'queries_to_answer')?.count).toBeGreaterThan(0);
  });

  it('has open re-consent tasks at AURORA Chicago after the revised consent form, and some done', async () => {
    const api = await as('coordinator');
    const aurora = await studyId(api, 'AURORA');
    const chicago = await studySite(api, aurora, '101');
    const list = (await api.get(`/api/participants?studySiteId=${chicago.id}&limit=100`)).json().items as { id: string; status: string }[];
    const tasks: { status: string; icfVersionLabel: string }[] = [];
    for (const participant of list.filter((p) => ['enrolled', 'on_treatment', 'follow_up', 'screening'].includes(p.status))) {
      const page = (await api.get(`/api/participants/${participant.id}`)).json();
      tasks.push(...page.reconsentTasks);
    }
    expect(tasks.filter((t) => t.status === 'open').length).toBeGreaterThan(5);
    expect(tasks.filter((t) => t.status === 'done').length).toBe(3);
    expect(new Set(tasks.map((t) => t.icfVersionLabel))).toEqual(new Set(['3.0']));
  });

  it("fills the coordinator's calendar with visits in the coming weeks, and keeps AURORA's arms from her", async () => {
    const api = await as('coordinator');
    const from = t.clock.now().toISOString().slice(0, 10);
    const to = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    const response = await api.get(`/api/calendar?from=${from}&to=${to}`);
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as { status: string; studyShortName: string; upcoming: boolean }[];
    expect(items.filter((i) => i.status === 'scheduled').length).toBeGreaterThan(15);
    expect(items.some((i) => i.upcoming)).toBe(true);
    expect(new Set(items.map((i) => i.studyShortName))).toEqual(new Set(['AURORA', 'HELIX-3']));

    const aurora = await studyId(api, 'AURORA');
    const enrolled = (await api.get(`/api/participants?studyId=${aurora}&status=on_treatment&limit=1`)).json().items[0];
    const page = (await api.get(`/api/participants/${enrolled.id}`)).json();
    expect(page.randomization).toMatchObject({ arm: null });
    expect(page.randomization.number).toMatch(/^R\d{4}$/);
    const helix = await studyId(api, 'HELIX-3');
    const open = (await api.get(`/api/participants?studyId=${helix}&status=on_treatment&limit=1`)).json().items[0];
    expect((await api.get(`/api/participants/${open.id}`)).json().randomization.arm).not.toBeNull();
  });

  it('never has a row updated before it was created, in any table that records both', async () => {
    const after = await countBackwardsRows();
    // The demo writes most tables: a check that found none would prove nothing.
    expect([...after.keys()]).toEqual(expect.arrayContaining(['studies', 'study_sites', 'participants', 'documents']));
    const added = [...after].filter(([table, n]) => n > (backwardsBeforeSeeding.get(table) ?? 0)).map(([table, n]) => `${table}: ${n}`);
    expect(added).toEqual([]);
  });

  it('keeps the audit chain whole', async () => {
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ whole: true });
  });

  it("lets AURORA's unblinded statistician read every allocation, each reproducible from the seed", async () => {
    const api = await as('unblinded');
    const aurora = await studyId(api, 'AURORA');
    const allocations = await api.get(`/api/studies/${aurora}/allocations`);
    expect(allocations.statusCode, allocations.body).toBe(200);
    expect(allocations.json().items.length).toBeGreaterThan(20);
    const verification = (await api.get(`/api/studies/${aurora}/randomization-scheme/verification`)).json();
    expect(verification).toMatchObject({ seedMatchesHash: true, mismatches: [] });
    expect(verification.matching).toBe(verification.checked);
    // The coordinator, blinded, may not.
    expect((await (await as('coordinator')).get(`/api/studies/${aurora}/allocations`)).statusCode).toBe(403);
  });
});
