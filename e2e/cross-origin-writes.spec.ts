import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pdfBytes } from '../test/support/files.js';
import { type AttackerSite, startAttackerSite } from './support/attacker-site.js';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

/**
 * Issue #8: a page on another port of the same host is same-site, so SameSite=Strict still
 * sends it the session cookie. The server must refuse what that page sends, and nothing else.
 */
let server: RunningServer;
let browser: Browser;
let attacker: AttackerSite | undefined;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await attacker?.stop();
  await browser?.close();
  await server?.stop();
});

const chicago = 'Lakeshore University Hospital – Oncology';

/** Someone else's pages: each sends one write to the app as soon as it loads, as the attacker's did. */
function attackerPages(app: string, fields: Record<string, string>) {
  const pdf = pdfBytes('Forged').toString('base64');
  const file = `new File([Uint8Array.from(atob('${pdf}'), (c) => c.charCodeAt(0))], 'forged.pdf', { type: 'application/pdf' })`;
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
    .join('');
  return {
    '/form.html': `<!doctype html><form method="POST" enctype="multipart/form-data" action="${app}/api/documents">
      ${inputs}<input type="hidden" name="title" value="Forged by a form"><input type="file" name="file"></form>
      <script>
        const form = document.querySelector('form');
        const chosen = new DataTransfer();
        chosen.items.add(${file});
        form.querySelector('input[type=file]').files = chosen.files;
        form.submit();
      </script>`,
    '/fetch.html': `<!doctype html><script>
        const body = new FormData();
        for (const [name, value] of Object.entries(${JSON.stringify(fields)})) body.append(name, value);
        body.append('title', 'Forged by fetch');
        body.append('file', ${file});
        fetch('${app}/api/documents', { method: 'POST', body, credentials: 'include', mode: 'no-cors' });
      </script>`,
    '/logout.html': `<!doctype html><form method="POST" action="${app}/api/auth/logout"></form>
      <script>document.querySelector('form').submit();</script>`,
  };
}

/** Opens one attacker page in the coordinator's browser and returns the app's answer to its write. */
async function attack(context: BrowserContext, site: AttackerSite, path: string, target: string) {
  const page = await context.newPage();
  const answered = page.waitForResponse(
    (response) => response.url() === `${server.baseUrl}${target}` && response.request().method() === 'POST',
  );
  await page.goto(`${site.baseUrl}${path}`);
  const response = await answered;
  const sent = await response.request().allHeaders();
  const result = {
    status: response.status(),
    type: response.headers()['content-type'],
    origin: sent.origin,
    cookie: sent.cookie ?? '',
  };
  await page.close();
  return result;
}

/** Every document of the study the coordinator sees, page after page. */
async function documentTitles(page: Page, studyId: string): Promise<string[]> {
  const titles: string[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const listed = await page.request.get(
      `${server.baseUrl}/api/documents?studyId=${studyId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(listed.status()).toBe(200);
    const body = (await listed.json()) as { items: { title: string }[]; nextCursor: string | null };
    titles.push(...body.items.map((document) => document.title));
    cursor = body.nextCursor;
  }
  return titles;
}

it("a same-site page's form and credentialed fetch file nothing and log nobody out; the app's own pages still file documents", async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const coordinator = await context.newPage();
  await logIn(coordinator, server.baseUrl, 'coordinator@demo.trialdesk.dev');
  const studySites = (await (await coordinator.request.get(`${server.baseUrl}/api/study-sites?limit=100`)).json()).items as {
    studyId: string;
    studyShortName: string;
    siteId: string;
    siteName: string;
  }[];
  const aurora = studySites.find((s) => s.studyShortName.startsWith('AURORA') && s.siteName === chicago);
  if (!aurora) throw new Error(`AURORA at ${chicago} is not among the coordinator's study-sites`);
  const filedBefore = await documentTitles(coordinator, aurora.studyId);

  attacker = await startAttackerSite(
    attackerPages(server.baseUrl, { studyId: aurora.studyId, siteId: aurora.siteId, artifactNumber: '04.01.02' }),
  );
  // The browser sends the session cookie (same-site): only the Origin check stands in the way.
  const submitted = await attack(context, attacker, '/form.html', '/api/documents');
  expect(submitted).toMatchObject({ status: 403, origin: attacker.baseUrl, type: expect.stringMatching(/^application\/problem\+json/) });
  expect(submitted.cookie).toContain('trialdesk_session=');
  const fetched = await attack(context, attacker, '/fetch.html', '/api/documents');
  // A no-cors fetch gets an opaque answer: the browser shows even the test only its status.
  expect(fetched.status).toBe(403);
  const loggedOut = await attack(context, attacker, '/logout.html', '/api/auth/logout');
  expect(loggedOut.status).toBe(403);
  expect(loggedOut.cookie).toContain('trialdesk_session=');

  const filedAfter = await documentTitles(coordinator, aurora.studyId);
  expect(filedAfter).toEqual(filedBefore);
  expect(filedAfter.filter((title) => title.startsWith('Forged'))).toEqual([]);
  expect((await coordinator.request.get(`${server.baseUrl}/api/me`)).status()).toBe(200);

  // The app's own page files Dr. Ethan Brooks's missing CV at Chicago.
  await coordinator.getByRole('link', { name: 'Studies' }).first().click();
  await coordinator
    .getByRole('link', { name: /AURORA/ })
    .first()
    .click();
  await coordinator.getByRole('tab', { name: 'Site file' }).click();
  await coordinator.getByRole('link', { name: chicago }).click();
  const cv = coordinator.locator('[data-testid="binder-item-05.02.05"][data-person="Dr. Ethan Brooks"]');
  await expect.poll(() => cv.getByText('Missing', { exact: true }).count()).toBe(1);
  await cv.getByRole('button', { name: 'Upload' }).click();
  const upload = coordinator.getByRole('dialog');
  await upload
    .getByLabel(/^File/)
    .setInputFiles({ name: 'CV - Ethan Brooks.pdf', mimeType: 'application/pdf', buffer: pdfBytes('Curriculum Vitae') });
  await upload.getByRole('button', { name: 'Upload' }).click();
  // An upload is checked, stored and audited: on two busy cores that takes longer than the default second.
  await expect.poll(() => upload.count(), { timeout: 15_000 }).toBe(0);
  await expect.poll(() => cv.getByText('Pending review', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
  expect((await documentTitles(coordinator, aurora.studyId)).length).toBe(filedBefore.length + 1);

  // And its own Log out button still ends the session.
  await coordinator.getByRole('button', { name: 'Log out' }).click();
  await expect.poll(async () => (await coordinator.request.get(`${server.baseUrl}/api/me`)).status(), { timeout: 15_000 }).toBe(401);
  await context.close();
});
