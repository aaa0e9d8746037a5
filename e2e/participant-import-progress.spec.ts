import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;
let fileDir: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  fileDir = mkdtempSync(join(tmpdir(), 'trialdesk-e2e-import-'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (fileDir) rmSync(fileDir, { recursive: true, force: true });
});

const chicago = 'Lakeshore University Hospital';
const participants = 2000;

/** A participants file of people in screening, written to disk as a user's export would be. */
function writeParticipantsFile(): string {
  // Ten days back is in the past at every site, whatever the machine's time zone.
  const screenedOn = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const rows = Array.from({ length: participants }, (_, i) => `BULK-${String(i + 1).padStart(5, '0')},screening,${screenedOn}`);
  const path = join(fileDir, 'participants.csv');
  writeFileSync(path, `subject_number,status,screened_on\r\n${rows.join('\r\n')}\r\n`);
  return path;
}

/** Records every value the progress bar takes, from the page itself: nothing depends on when the test looks. */
async function recordProgressValues(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    const record = window as unknown as { progressValues: string[]; sawCancel: boolean };
    record.progressValues = seen;
    record.sawCancel = false;
    const note = () => {
      if ([...document.querySelectorAll('button')].some((button) => button.textContent?.trim() === 'Cancel')) record.sawCancel = true;
      for (const bar of document.querySelectorAll('[role="progressbar"]')) {
        const value = bar.getAttribute('aria-valuenow');
        if (value !== null && seen.at(-1) !== value) seen.push(value);
      }
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  });
}

const recorded = (page: Page) =>
  page.evaluate(() => {
    const record = window as unknown as { progressValues: string[]; sawCancel: boolean };
    return { values: record.progressValues, sawCancel: record.sawCancel };
  });

it('the coordinator checks and imports a few thousand participants, watching the progress bar move, and sees the result', async () => {
  const file = writeParticipantsFile();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await logIn(page, server.baseUrl, 'coordinator@demo.trialdesk.dev');
  await page.getByRole('link', { name: 'Studies' }).first().click();
  await page
    .getByRole('link', { name: /AURORA/ })
    .first()
    .click();
  await page.getByRole('tab', { name: /^Participants/ }).click();
  await page.getByRole('button', { name: 'Import from CSV' }).click();
  await page.getByRole('menuitem', { name: new RegExp(chicago) }).click();
  await page.waitForURL(/\/participant-import$/);

  await page.getByLabel(/^Participants file/).setInputFiles(file);
  await recordProgressValues(page);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect.poll(() => page.getByText('No problems found').count(), { timeout: 420_000 }).toBe(1);
  await expect.poll(() => page.getByText(`Importing will add ${participants} participants`).count()).toBe(1);

  await recordProgressValues(page);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect.poll(() => page.getByText(`Added ${participants} participants`).count(), { timeout: 420_000 }).toBe(1);
  await expect
    .poll(() =>
      page
        .getByText(
          `${participants.toLocaleString('en-US')} rows checked / ${participants.toLocaleString('en-US')} rows written of ${participants.toLocaleString('en-US')}`,
        )
        .count(),
    )
    .toBe(1);

  const { values, sawCancel } = await recorded(page);
  // While it ran, a Cancel button stood beside the bar.
  expect(sawCancel).toBe(true);
  // It moved: from where it started to full, through whatever the polls caught in between.
  expect(new Set(values).size, values.join(' → ')).toBeGreaterThan(1);
  expect(values.at(-1)).toBe('100');
  expect(
    values.some((value) => Number(value) < 100),
    values.join(' → '),
  ).toBe(true);

  await page.getByRole('link', { name: /Open the participants of site/ }).click();
  await expect.poll(() => page.getByText('BULK-00001').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await context.close();
  // The row-by-row writer takes minutes for this file on a busy two-core machine; the set-based one, seconds.
}, 900_000);
