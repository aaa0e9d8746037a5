import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

/**
 * A study manager amends a protocol, imports its forms from ODM, and writes a cross-item edit
 * check in the eCRF's "Edit checks" panel: a syntax error is named under the expression, the
 * rule is saved with its test cases, and running them shows pass or fail per case.
 */

const odmFile = join(fileURLToPath(import.meta.url), '../../../shared/data/odm/examples/openedc-metadata.xml');

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/Chicago' });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

it('writes an edit check with test cases on a draft eCRF and runs its tests', async () => {
  await logIn(page, server.baseUrl, 'studymanager@demo.trialdesk.dev');
  // A study of the demo with a final protocol version, to amend into a draft whose forms may change.
  const studyId = await page.evaluate(async () => {
    const studies = (await (await fetch('/api/studies')).json()) as { items: { id: string }[] };
    for (const study of studies.items) {
      const versions = (await (await fetch(`/api/studies/${study.id}/protocols`)).json()) as { items: { status: string }[] };
      if (versions.items.length > 0 && versions.items.every((v) => v.status === 'final')) return study.id;
    }
    return null;
  });
  expect(studyId).toBeTruthy();
  await page.goto(`${server.baseUrl}/studies/${studyId}?tab=protocol`);
  await page
    .getByRole('button', { name: /^Amend version/ })
    .first()
    .click();
  const amend = page.getByRole('dialog');
  await amend.getByLabel(/^Version label/).fill('9.0 (edit checks)');
  await amend.getByRole('button', { name: 'Start the amendment' }).click();
  await poll(() => amend.count()).toBe(0);

  await page.getByLabel('ODM file').setInputFiles(odmFile);
  await page.getByRole('button', { name: 'Import ODM' }).click();
  const panel = page.getByRole('region', { name: 'Edit checks', exact: true });
  await poll(() => panel.getByText('No rules yet.').count()).toBe(1);

  await panel.getByRole('button', { name: 'Add rule' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^OID/).fill('EC.PREG_WEEKS');
  await dialog.getByLabel(/^Name/).fill('Weeks of pregnancy plausible');
  await dialog.getByLabel(/^Expression/).fill('item.Pregnant && item.WeeksPregnant > ');
  await dialog.getByLabel(/^Items a query is opened on/).click();
  await page.getByRole('option', { name: /^WeeksPregnant/ }).click();
  await dialog.getByLabel(/^Message to the site/).fill('More than 42 weeks pregnant: please check.');
  const cases: [string, string, 'Fires' | 'Does not fire'][] = [
    ['45 weeks', 'Pregnant=true; WeeksPregnant=45', 'Fires'],
    ['Not pregnant', 'Pregnant=false', 'Does not fire'],
    ['40 weeks (expected wrongly)', 'Pregnant=true; WeeksPregnant=40', 'Fires'],
  ];
  for (const [index, [name, values, expected]] of cases.entries()) {
    await dialog.getByRole('button', { name: 'Add test case' }).click();
    await dialog.getByLabel(`Name of test case ${index + 1}`).fill(name);
    await dialog.getByLabel(`Values of test case ${index + 1}`).fill(values);
    if (expected !== 'Fires') {
      await dialog.getByLabel(`Expected result of test case ${index + 1}`).click();
      await page.getByRole('option', { name: expected }).click();
    }
  }
  // The parser's message lands under the expression, and nothing is saved.
  await dialog.getByRole('button', { name: 'Add rule' }).click();
  await poll(() => dialog.getByText(/Unexpected token: EOF \(column \d+\)/).count()).toBe(1);
  await dialog.getByRole('dialog').or(dialog).first().screenshot({ path: 'test-results/edit-checks-rule-dialog-1280.png' });
  await dialog.getByLabel(/^Expression/).fill('item.Pregnant && item.WeeksPregnant > 42');
  await dialog.getByRole('button', { name: 'Add rule' }).click();
  await poll(() => dialog.count()).toBe(0);

  const rules = panel.getByRole('table', { name: 'Edit check rules' });
  await poll(() => rules.getByText('EC.PREG_WEEKS').count()).toBe(1);
  await rules.getByRole('button', { name: 'Run the tests of EC.PREG_WEEKS' }).click();
  await poll(() => panel.getByRole('status').first().textContent()).toBe('EC.PREG_WEEKS: 2 passed, 1 failed');
  const results = panel.getByRole('table', { name: 'Test results of EC.PREG_WEEKS' });
  const rows = await results.getByRole('row').allInnerTexts();
  // The badges are shown in capitals.
  expect(rows.slice(1).map((row) => row.split('\t').at(-1)?.trim().toLowerCase())).toEqual(['pass', 'pass', 'fail']);

  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: 'test-results/edit-checks-panel-1280.png' });

  // The manager corrects the wrong expectation; the rule's history shows in the dialog, and the tests now all pass.
  await rules.getByRole('button', { name: 'Edit EC.PREG_WEEKS' }).click();
  const edit = page.getByRole('dialog');
  await poll(() => edit.getByRole('region', { name: 'History of EC.PREG_WEEKS' }).count()).toBe(1);
  await edit.getByLabel('Expected result of test case 3').click();
  await page.getByRole('option', { name: 'Does not fire' }).click();
  await edit.getByRole('button', { name: 'Save rule' }).click();
  await poll(() => edit.count()).toBe(0);
  await rules.getByRole('button', { name: 'Run the tests of EC.PREG_WEEKS' }).click();
  await poll(() => panel.getByRole('status').first().textContent()).toBe('EC.PREG_WEEKS: 3 passed, 0 failed');

  // Deactivated, it stays listed (and in the audit trail) but is no longer checked at save.
  await rules.getByRole('button', { name: 'Deactivate EC.PREG_WEEKS' }).click();
  await poll(() => rules.getByText(/inactive/).count()).toBe(1);
});
