import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('a new study whose answer is lost on the way is retried under the same key and created once', async () => {
  await logIn(page, server.baseUrl, 'studymanager@demo.trialdesk.dev');

  // The first POST reaches the server, which creates the study, but its answer never arrives.
  const keys: string[] = [];
  await page.route('**/api/studies', async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    keys.push((await request.allHeaders())['idempotency-key'] ?? '');
    if (keys.length > 1) return route.continue();
    await route.fetch();
    return route.abort('connectionreset');
  });

  await page.goto(`${server.baseUrl}/studies/new`);
  await page.getByLabel(/^Short name/).fill('RETRY');
  await page.getByLabel(/^Protocol number/).fill('NW-RETRY-01');
  await page.getByLabel(/^Title/).fill('A study submitted over a flaky connection');
  await page
    .getByLabel(/^Sponsor/)
    .first()
    .fill('Northwind');
  await page.getByRole('option', { name: 'Northwind Therapeutics' }).click();
  await page.getByRole('button', { name: 'Create study' }).click();

  await page.waitForURL(/\/studies\/[0-9a-f-]{36}$/);
  expect(keys).toHaveLength(2);
  expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
  expect(keys[1]).toBe(keys[0]);
  const found = await page.evaluate(async () => (await (await fetch('/api/studies?q=NW-RETRY-01')).json()) as { items: unknown[] });
  expect(found.items).toHaveLength(1);
});
