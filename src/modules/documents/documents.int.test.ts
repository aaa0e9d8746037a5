import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTenant, makeUser, type Tenant, testPassword } from '../../../test/support/factories.js';
import { htmlBytes, multipartForm, pdfBytes } from '../../../test/support/files.js';
import { makeStaffMember } from '../../../test/support/start-up-factories.js';
import { type Client, client, createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
let a: Tenant;
let coordinator: Client;
let monitor: Client;
let monitorUserId: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await makeTenant(t.database.db);
  coordinator = client(
    t.app,
    (await makeUser(t.database.db, a.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: a.site.id }])).cookie,
  );
  const cra = await makeUser(t.database.db, a.cro.id, [{ role: 'cra', scopeType: 'organization', scopeId: a.cro.id }]);
  monitor = client(t.app, cra.cookie);
  monitorUserId = cra.user.id;
});
afterAll(() => t.close());

async function upload(api: Client, fields: Record<string, string | undefined>, file = { bytes: pdfBytes(), name: 'certificate.pdf' }) {
  return api.post('/api/documents', multipartForm(file, { studyId: a.study.id, siteId: a.site.id, ...fields }));
}

describe('filing documents', () => {
  it('stores a PDF by its SHA-256 and gives back the exact bytes', async () => {
    const bytes = pdfBytes('IRB approval letter');
    const created = await upload(coordinator, { artifactNumber: '04.01.02', title: 'IRB approval' }, { bytes, name: 'irb approval.pdf' });
    expect(created.statusCode).toBe(201);
    const document = created.json();
    expect(document).toMatchObject({ artifactName: 'IRB or IEC Decision', currentReviewStatus: 'submitted', signatureStatus: 'unsigned' });
    const [version] = document.versions;
    expect(version).toMatchObject({
      versionNumber: 1,
      mediaType: 'application/pdf',
      fileName: 'irb approval.pdf',
      sizeBytes: bytes.length,
    });
    const content = await coordinator.get(`/api/documents/${document.id}/versions/${version.id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(bytes)).toBe(true);
    expect(content.headers['content-type']).toBe('application/pdf');
    expect(content.headers['content-disposition']).toContain('attachment');
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    const preview = await coordinator.get(`/api/documents/${document.id}/versions/${version.id}/content?disposition=inline`);
    expect(preview.headers['content-disposition']).toContain('inline');
    expect(preview.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(content.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses an HTML page named .pdf, and changes nothing', async () => {
    const before = (await coordinator.get(`/api/documents?studyId=${a.study.id}&limit=200`)).json().items.length;
    const refused = await upload(
      coordinator,
      { artifactNumber: '05.02.07', title: 'GCP certificate' },
      { bytes: htmlBytes, name: 'gcp.pdf' },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([{ pointer: '/file', detail: expect.stringContaining('contents were checked') }]);
    expect((await coordinator.get(`/api/documents?studyId=${a.study.id}&limit=200`)).json().items.length).toBe(before);
  });

  it('stores a file named ../../etc/passwd harmlessly and serves it only as an attachment', async () => {
    const bytes = pdfBytes('not a password file');
    const created = await upload(coordinator, { artifactNumber: '05.04.04', title: 'Visit log' }, { bytes, name: '../../etc/passwd' });
    expect(created.statusCode).toBe(201);
    const version = created.json().versions[0];
    expect(version.fileName).toBe('passwd');
    const content = await coordinator.get(`/api/documents/${created.json().id}/versions/${version.id}/content`);
    expect(content.rawPayload.equals(bytes)).toBe(true);
    expect(content.headers['content-disposition']).toBe(`attachment; filename="passwd"; filename*=UTF-8''passwd`);
  });

  it('names each bad field of an upload', async () => {
    const response = await upload(coordinator, { artifactNumber: '99.99.99', title: '', expiryDate: '2026-02-30' });
    expect(response.statusCode).toBe(400);
    const pointers = response
      .json()
      .errors.map((e: { pointer: string }) => e.pointer)
      .sort();
    expect(pointers).toEqual(['/expiryDate', '/title']);
    const unknownArtifact = await upload(coordinator, { artifactNumber: '99.99.99', title: 'x' });
    expect(unknownArtifact.json().errors).toEqual([{ pointer: '/artifactNumber', detail: expect.any(String) }]);
  });
});

describe('review and e-signature', () => {
  async function submitted() {
    const created = (await upload(coordinator, { artifactNumber: '05.02.07', title: 'GCP certificate' })).json();
    return { document: created, version: created.versions[0] };
  }
  const approve = (api: Client, documentId: string, version: { id: string; version: number }, body: object) =>
    api.post(`/api/documents/${documentId}/versions/${version.id}/approve`, body, { 'if-match': `"${version.version}"` });

  it('refuses a signature without the password, and with a wrong one, which counts toward lockout', async () => {
    const { document, version } = await submitted();
    const without = await approve(monitor, document.id, version, { meaning: 'approval' });
    expect(without.statusCode).toBe(400);
    expect(without.json().errors[0].pointer).toBe('/password');

    const wrong = await approve(monitor, document.id, version, { password: 'not my password', meaning: 'approval' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ pointer: '/password', detail: expect.stringContaining('not right') }]);
    const failures = await t.database.db
      .selectFrom('users')
      .select('failed_login_count')
      .where('id', '=', monitorUserId)
      .executeTakeFirstOrThrow();
    expect(failures.failed_login_count).toBe(1);
    const history = (await monitor.get(`/api/documents/${document.id}`)).json();
    expect(history.versions[0]).toMatchObject({ reviewStatus: 'submitted', signatures: [] });

    // The right password after a wrong one signs, and the count starts again.
    expect((await approve(monitor, document.id, version, { password: testPassword, meaning: 'approval' })).statusCode).toBe(200);
  });

  it('shows the signature with printed name, UTC time and meaning, bound to the content; a new version needs a new one', async () => {
    const { document, version } = await submitted();
    const approved = await approve(monitor, document.id, version, { password: testPassword, meaning: 'approval' });
    expect(approved.statusCode).toBe(200);
    const signed = approved.json();
    expect(signed.signatureStatus).toBe('signed');
    expect(signed.versions[0].reviewStatus).toBe('approved');
    expect(signed.versions[0].signatures).toEqual([
      expect.objectContaining({
        printedName: expect.stringMatching(/^Test User/),
        meaning: 'approval',
        contentHash: version.contentHash,
        valid: true,
        signedAt: expect.stringMatching(/Z$/),
      }),
    ]);

    const v2 = await coordinator.post(
      `/api/documents/${document.id}/versions`,
      multipartForm({ bytes: pdfBytes('renewed'), name: 'gcp-2027.pdf' }),
      { 'if-match': `"${signed.version}"` },
    );
    expect(v2.statusCode).toBe(201);
    const after = v2.json();
    expect(after.signatureStatus).toBe('superseded');
    expect(after.versions.map((v: { versionNumber: number; signatures: unknown[] }) => [v.versionNumber, v.signatures.length])).toEqual([
      [2, 0],
      [1, 1],
    ]);
  });

  it('lets a reviewer return a version with a reason, and not approve their own filing', async () => {
    const { document, version } = await submitted();
    const returned = await monitor.post(
      `/api/documents/${document.id}/versions/${version.id}/return`,
      { reason: 'Certificate is unsigned' },
      { 'if-match': `"${version.version}"` },
    );
    expect(returned.json().versions[0]).toMatchObject({ reviewStatus: 'returned', reviewNote: 'Certificate is unsigned' });

    // A study manager may file and approve, but not approve what they filed themselves.
    const manager = client(
      t.app,
      (await makeUser(t.database.db, a.sponsor.id, [{ role: 'study_manager', scopeType: 'organization', scopeId: a.sponsor.id }])).cookie,
    );
    const own = (await upload(manager, { artifactNumber: '05.02.12', title: 'Clinical trial agreement' })).json();
    const selfApproval = await approve(manager, own.id, own.versions[0], { password: testPassword, meaning: 'approval' });
    expect(selfApproval.statusCode).toBe(403);
    expect((await manager.get(`/api/documents/${own.id}`)).json().versions[0].reviewStatus).toBe('submitted');
  });
});

describe('tenancy', () => {
  it("answers 404 for another sponsor's documents and leaves them out of lists", async () => {
    const b = await makeTenant(t.database.db);
    const otherCoordinator = client(
      t.app,
      (await makeUser(t.database.db, b.siteOrg.id, [{ role: 'study_coordinator', scopeType: 'site', scopeId: b.site.id }])).cookie,
    );
    const document = (await upload(coordinator, { artifactNumber: '05.01.01', title: 'Site contact details' })).json();
    expect((await otherCoordinator.get(`/api/documents/${document.id}`)).statusCode).toBe(404);
    expect((await otherCoordinator.get(`/api/documents/${document.id}/versions/${document.versions[0].id}/content`)).statusCode).toBe(404);
    const list = (await otherCoordinator.get('/api/documents?limit=200')).json().items.map((d: { id: string }) => d.id);
    expect(list).not.toContain(document.id);
    const filingInto = await upload(otherCoordinator, { artifactNumber: '05.01.01', title: 'Sneaky' });
    expect(filingInto.statusCode).toBe(400);
    expect(filingInto.json().errors[0].pointer).toBe('/studyId');
  });
});

it('keeps staff people visible to their site', async () => {
  const staff = await makeStaffMember(t.database.db, a.site.id, 'sub_investigator');
  expect((await coordinator.get(`/api/people/${staff.personId}`)).statusCode).toBe(200);
});
