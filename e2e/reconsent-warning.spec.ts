import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

/**
 * Completing a visit while re-consent is outstanding records a deviation (#11): the coordinator
 * is told before saving, on the participant page and in the dialog, in the words the deviation
 * will carry; saving then records exactly that.
 */

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('warns on the participant page and in the complete-visit dialog, then records the deviation it named', async () => {
  await logIn(page, server.baseUrl, 'coordinator@demo.trialdesk.dev');
  // AURORA Chicago approved a revised consent form five days ago: its participants on treatment
  // have re-consent outstanding (the demo), 101-006 among them.
  await page.goto(`${server.baseUrl}/participants?pq=101-006`);
  await page.getByRole('link', { name: '101-006' }).first().click();
  await page.waitForURL(/\/participants\/[0-9a-f-]{36}$/);

  const alert = page.getByTestId('reconsent-alert');
  await expect.poll(() => alert.count()).toBe(1);
  expect(await alert.innerText()).toMatch(/Re-consent outstanding/);
  expect(await alert.innerText()).toMatch(/Consent form \d+\.\d+ was approved at the site/);
  // Prominent: at the top of the page, in view without scrolling.
  const box = await alert.boundingBox();
  expect(box && box.y + box.height <= 800).toBe(true);

  const visits = page.getByRole('table', { name: 'Visits' });
  const next = visits.getByRole('button', { name: 'Complete' }).first();
  await expect.poll(() => next.count()).toBe(1);
  await next.click();
  const dialog = page.getByRole('dialog');
  const warning = dialog.getByTestId('completion-deviation-warning');
  await expect.poll(() => warning.count(), { timeout: 15_000 }).toBe(1);
  const said = await warning.innerText();
  expect(said).toMatch(/Saving will record/);
  expect(said).toMatch(/Re-consent outstanding/);
  expect(said).toMatch(/while re-consent on consent form \d+\.\d+ \(en-US\), due from \d{4}-\d{2}-\d{2}, was outstanding/);
  const description = /Visit [^\n]* was outstanding\./.exec(said)?.[0];
  expect(description).toBeTruthy();
  await page.screenshot({ path: 'test-results/reconsent-warning-dialog.png', fullPage: true });

  // Saving records the deviation the dialog named, word for word.
  await dialog.getByRole('button', { name: 'Mark the rest done' }).click();
  await dialog.getByRole('button', { name: /^Complete visit and record/ }).click();
  await expect.poll(() => dialog.count()).toBe(0);
  const deviations = page.getByRole('table', { name: 'Protocol deviations' });
  await expect.poll(() => deviations.getByText(description ?? '', { exact: false }).count()).toBe(1);
});
