import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;
let fileDir: string;

/** The longitudinal REDCap project beside the repository (shared/data/redcap), as its user exported it. */
const project = join(fileURLToPath(import.meta.url), '../../../shared/data/redcap/longitudinal');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  fileDir = mkdtempSync(join(tmpdir(), 'trialdesk-e2e-redcap-'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (fileDir) rmSync(fileDir, { recursive: true, force: true });
});

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000 });

it("a study manager imports a REDCap project's forms into a draft protocol: a broken dictionary is refused by row and column, then the project imports", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/Chicago' });
  const page = await context.newPage();
  await logIn(page, server.baseUrl, 'studymanager@demo.trialdesk.dev');

  await page.goto(`${server.baseUrl}/studies`);
  await page.getByRole('link', { name: 'New study' }).click();
  await page.getByLabel(/^Short name/).fill('REDWOOD');
  await page.getByLabel(/^Protocol number/).fill('NW-RED-201');
  await page.getByLabel(/^Title/).fill('A longitudinal nutrition study built in REDCap');
  await page
    .getByLabel(/^Sponsor/)
    .first()
    .fill('Northwind');
  await page.getByRole('option', { name: 'Northwind Therapeutics' }).click();
  await page.getByRole('button', { name: 'Create study' }).click();
  await page.waitForURL(/\/studies\/[0-9a-f-]{36}$/);

  await page.getByRole('tab', { name: 'Protocol' }).click();
  await page.getByRole('button', { name: 'New protocol version' }).click();
  const newVersion = page.getByRole('dialog');
  await newVersion.getByLabel(/^Version label/).fill('1.0');
  await newVersion.getByRole('button', { name: 'Start the draft' }).click();
  await poll(() => newVersion.count()).toBe(0);

  const ecrf = page.getByRole('region', { name: 'eCRF' });
  await ecrf.getByText('REDCap data dictionary (+ arms, events)').click();

  // A dictionary whose branching logic names a field it does not have.
  const dictionary = readFileSync(join(project, 'dictionary.csv'), 'utf8');
  mkdirSync(join(fileDir, 'broken'));
  const broken = join(fileDir, 'broken', 'dictionary.csv');
  writeFileSync(broken, dictionary.replace('"[sex] = ""0"""', '"[gender] = ""0"""'));
  await ecrf.getByLabel(/^Data dictionary/).setInputFiles(broken);
  await ecrf.getByRole('button', { name: 'Import REDCap' }).click();
  const problems = ecrf.getByRole('table', { name: 'Problems in the file' });
  await poll(() => problems.count()).toBe(1);
  await poll(() => problems.getByText(/\[gender\] names a field the data dictionary does not have/).count()).toBe(1);
  await poll(() => problems.getByText('Branching Logic (Show field only if...)', { exact: true }).count()).toBe(1);
  await page.screenshot({ path: 'test-results/redcap-import-refused.png', fullPage: false });

  await ecrf.getByLabel(/^Data dictionary/).setInputFiles(join(project, 'dictionary.csv'));
  await ecrf.getByLabel(/^Arms/).setInputFiles(join(project, 'arm.csv'));
  await ecrf.getByLabel(/^Events/).setInputFiles(join(project, 'event.csv'));
  await ecrf.getByRole('button', { name: 'Import REDCap' }).click();
  await poll(() => ecrf.getByText(/12 study events · 9 forms · 15 item groups · 115 items · 36 code lists/).count()).toBe(1);
  await poll(() => problems.count()).toBe(0);
  await ecrf.getByRole('table', { name: 'Study events and their visits' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/redcap-import-events.png' });

  // The preview reads REDCap's sense of a condition, and marks the identifying fields.
  await ecrf.getByLabel('Preview a form').click();
  await page.getByRole('option', { name: 'Demographics' }).click();
  const preview = page.getByRole('region', { name: 'Preview of Demographics' });
  await poll(() => preview.getByText('Shown only when [sex] = "0"', { exact: true }).count()).toBe(1);
  await poll(() => preview.getByText('Identifying: hidden from sponsor and CRO').count()).toBe(5);
  await preview.getByText('Has the patient given birth before?').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/redcap-import-preview.png' });
  await context.close();
}, 180_000);
