import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pdfBytes } from '../test/support/files.js';
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

const chicago = 'Lakeshore University Hospital – Oncology';

it("the coordinator files a sub-investigator's CV and the PI signs his delegation entry; completeness and validity update", async () => {
  // The coordinator opens AURORA's site file at Chicago: Dr. Ethan Brooks's CV is missing.
  const coordinator = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await logIn(coordinator, server.baseUrl, 'coordinator@demo.trialdesk.dev');
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
  await expect.poll(() => upload.count()).toBe(0);
  // Filed and submitted for review: no longer missing, waiting for the monitor.
  await expect.poll(() => cv.getByText('Pending review', { exact: true }).count()).toBe(1);
  await coordinator.screenshot({ path: 'test-results/site-binder-after-upload.png', fullPage: true });

  // The principal investigator signs Dr. Brooks's delegation entry.
  const investigator = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await logIn(investigator, server.baseUrl, 'investigator@demo.trialdesk.dev');
  await investigator.getByRole('link', { name: 'Studies' }).first().click();
  await investigator
    .getByRole('link', { name: /AURORA/ })
    .first()
    .click();
  await investigator.getByRole('tab', { name: 'Delegation' }).click();
  await investigator.getByRole('link', { name: chicago }).first().click();
  const entry = investigator.getByTestId('delegation-entry-Dr. Ethan Brooks');
  await expect.poll(() => entry.getByText('Not signed', { exact: true }).count()).toBe(1);
  await expect.poll(() => entry.getByText('Not valid', { exact: true }).count()).toBe(1);
  await expect.poll(() => entry.getByText(/Not signed by the principal investigator/).count()).toBeGreaterThan(0);

  await entry.getByRole('button', { name: 'Sign' }).click();
  const signing = investigator.getByRole('dialog');
  await signing.getByLabel(/^Password/).fill('trialdesk-demo');
  await signing.getByRole('button', { name: 'Sign' }).click();
  await expect.poll(() => signing.count()).toBe(0);
  await expect.poll(() => entry.getByText('Not valid', { exact: true }).count()).toBe(0);
  await expect.poll(() => entry.getByText('Valid', { exact: true }).count()).toBe(2);
  await expect.poll(() => entry.getByText('Dr. Maya Okafor').count()).toBeGreaterThan(0);
  await investigator.screenshot({ path: 'test-results/delegation-after-signing.png', fullPage: true });
});
