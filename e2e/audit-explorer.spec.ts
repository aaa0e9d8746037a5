import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it("the auditor filters AURORA's trail by a user and exports exactly those rows", async () => {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })).newPage();
  await logIn(page, server.baseUrl, 'auditor@demo.trialdesk.dev');

  // From the study's History tab to its whole trail.
  await page.getByRole('link', { name: 'Studies' }).first().click();
  await page
    .getByRole('link', { name: /AURORA/ })
    .first()
    .click();
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('link', { name: 'Open the audit trail' }).click();
  await page.waitForURL(/\/studies\/[0-9a-f-]+\/audit/);
  const studyId = /\/studies\/([0-9a-f-]+)\/audit/.exec(page.url())?.[1] as string;
  const table = page.getByRole('table');
  await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(0);

  // Only what Casey Coordinator did.
  await page.getByRole('combobox', { name: 'User' }).click();
  await page.getByRole('option', { name: 'Casey Coordinator' }).click();
  await page.waitForURL(/userId=/);
  const userId = new URL(page.url()).searchParams.get('userId') as string;
  await expect
    .poll(async () => {
      const users = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
      return users.length > 0 && users.every((text) => text.startsWith('Casey Coordinator'));
    })
    .toBe(true);
  // Names and words, not ids or codes.
  const shown = await table.locator('tbody').innerText();
  expect(shown).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  expect(shown).toMatch(/Participant \d{3}-\d{3}/);
  await page.screenshot({ path: 'test-results/audit-trail-by-user.png', fullPage: false });

  // The export holds every row the filters select: the same events the API pages through.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  const rows = parse(readFileSync(await download.path()), { columns: true }) as Record<string, string>[];
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((row) => row.actor === 'Casey Coordinator <coordinator@demo.trialdesk.dev>')).toBe(true);
  expect(rows.some((row) => /^Visit: Participant \d{3}-\d{3}, /.test(row.record ?? ''))).toBe(true);
  const expected = await page.evaluate(
    async ({ studyId, userId }) => {
      const seqs: string[] = [];
      let cursor = '';
      do {
        const query = new URLSearchParams({ studyId, userId, order: 'desc', limit: '200', ...(cursor ? { cursor } : {}) });
        const page = (await (await fetch(`/api/audit?${query}`)).json()) as { items: { seq: string }[]; nextCursor: string | null };
        seqs.push(...page.items.map((item) => item.seq));
        cursor = page.nextCursor ?? '';
      } while (cursor);
      return seqs;
    },
    { studyId, userId },
  );
  expect([...new Set(rows.map((row) => row.seq))]).toEqual(expected);

  // The study itself was set up by the demo loader: its work reads as the system's, in words.
  await page.goto(`${server.baseUrl}/studies/${studyId}/audit?entityType=study`);
  const users = table.locator('tbody tr td:nth-child(2)');
  await expect.poll(async () => (await users.allInnerTexts()).includes('System (demo data)')).toBe(true);
  expect((await users.allInnerTexts()).some((text) => text.startsWith('system:'))).toBe(false);
  await page.screenshot({ path: 'test-results/audit-trail-system-actor.png', fullPage: false });
});
