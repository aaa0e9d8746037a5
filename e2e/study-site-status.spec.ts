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

it('the study manager changes a study-site status with a reason and finds it in the history', async () => {
  await logIn(page, server.baseUrl, 'studymanager@demo.trialdesk.dev');

  await page.getByRole('link', { name: 'Studies' }).first().click();
  await page
    .getByRole('link', { name: /AURORA/ })
    .first()
    .click();
  await expect.poll(() => page.getByRole('heading', { name: /AURORA/ }).count()).toBeGreaterThan(0);

  // Site 301 (Valencia) is in start-up in the demo: activate it.
  const row = page.getByRole('row', { name: /Hospital Universitario Levante/ });
  await row.getByRole('button', { name: 'Change status' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^New status/).selectOption({ label: 'Active' });
  await dialog.getByLabel(/^Reason/).fill('Ethics approval received; SIV held on site');
  await dialog.getByRole('button', { name: 'Save status' }).click();
  await expect.poll(() => dialog.count()).toBe(0);
  await expect.poll(() => row.getByText('Active', { exact: true }).count()).toBeGreaterThan(0);

  // The change is in the study-site's history: who, from what to what, and why.
  await row.getByRole('link', { name: 'Hospital Universitario Levante' }).click();
  const history = page.getByTestId('history-table');
  await expect.poll(() => history.getByText('Ethics approval received; SIV held on site').count()).toBeGreaterThan(0);
  await expect.poll(() => history.getByText(/Sam Manager/).count()).toBeGreaterThan(0);
  await expect.poll(() => history.getByText(/Start-up/).count()).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/study-site-history.png', fullPage: true });
});

it("the monitor sees AURORA's start-up milestones but no control to change them; the study manager has them", async () => {
  const milestoneControls = async (email: string) => {
    const own = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await logIn(own, server.baseUrl, email);
    await own.getByRole('link', { name: 'Studies' }).first().click();
    await own
      .getByRole('link', { name: /AURORA/ })
      .first()
      .click();
    await own.getByRole('tab', { name: 'Settings' }).click();
    const template = own.getByRole('region', { name: 'Start-up milestones' });
    await expect.poll(() => template.getByText('Site selected', { exact: true }).count()).toBeGreaterThan(0);
    const controls = {
      add: await template.getByRole('button', { name: 'Add milestone' }).count(),
      edit: await template.getByRole('button', { name: 'Edit Site selected' }).count(),
      remove: await template.getByRole('button', { name: 'Remove Site selected' }).count(),
    };
    await own.close();
    return controls;
  };
  expect(await milestoneControls('cra@demo.trialdesk.dev')).toEqual({ add: 0, edit: 0, remove: 0 });
  expect(await milestoneControls('studymanager@demo.trialdesk.dev')).toEqual({ add: 1, edit: 1, remove: 1 });
});
