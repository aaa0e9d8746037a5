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

it('the coordinator enters vital signs at baseline: a hard range error at the item, a soft warning kept, then a change with its reason', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await logIn(page, server.baseUrl, 'coordinator@demo.trialdesk.dev');

  // An AURORA participant on treatment, from the coordinator's own list.
  const participantId = await page.evaluate(async () => {
    const studies = (await (await fetch('/api/studies?q=AURORA')).json()) as { items: { id: string; shortName: string }[] };
    const aurora = studies.items.find((s) => s.shortName === 'AURORA')?.id as string;
    const list = (await (await fetch(`/api/participants?studyId=${aurora}&status=on_treatment&limit=1`)).json()) as {
      items: { id: string }[];
    };
    return list.items[0]?.id as string;
  });
  await page.goto(`${server.baseUrl}/participants/${participantId}`);
  const forms = page.getByRole('region', { name: 'Case report forms' });
  await forms.getByRole('link', { name: 'Vital signs at Baseline (day 1)' }).click();
  await page.waitForURL(/\/visits\/[0-9a-f-]+\/forms\/F_VS$/);
  await expect.poll(() => page.getByRole('heading', { name: 'Vital signs' }).isVisible()).toBe(true);

  await page.getByLabel(/^Date of assessment/).fill('2026-11-02');
  await page.getByLabel(/^Systolic blood pressure/).fill('300');
  await page.getByLabel(/^Diastolic blood pressure/).fill('85');
  await page.getByLabel(/^Pulse rate/).fill('72');
  await page.getByLabel(/^Body temperature/).fill('36.8');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  // The hard check refuses the value, at the item; nothing is saved.
  await expect.poll(() => page.getByText('Systolic blood pressure must be between 60 and 260 mmHg').first().isVisible()).toBe(true);

  // Above the soft limit: saved, with the warning next to the item.
  await page.getByLabel(/^Systolic blood pressure/).fill('172');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => page.getByText(/Systolic blood pressure above 160 mmHg: please confirm/).isVisible()).toBe(true);
  await expect.poll(() => page.getByRole('button', { name: 'Save changes' }).isVisible()).toBe(true);
  await page.screenshot({ path: 'test-results/data-entry-vital-signs.png', fullPage: true });

  // After the first save a change asks for its reason.
  await page.getByLabel(/^Systolic blood pressure/).fill('152');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reason for change' });
  await dialog.getByLabel(/^Reason/).fill('Transcription error: source says 152');
  await dialog.getByRole('button', { name: 'Save with reason' }).click();
  await expect.poll(() => page.getByText(/Systolic blood pressure above 160 mmHg/).count()).toBe(0);
  await expect.poll(() => page.getByLabel(/^Systolic blood pressure/).inputValue()).toBe('152');

  // The participant page lists the form as saved; the form's history has the old and new value with the reason.
  const history = await page.evaluate(async (url) => (await fetch(url)).json(), `/api/participants/${participantId}/forms`);
  const baseline = history.visits.find((v: { visitCode: string }) => v.visitCode === 'BL');
  expect(baseline.forms.find((f: { formOid: string }) => f.formOid === 'F_VS').status).toBe('saved');
  await expect.poll(() => page.getByText('Transcription error: source says 152').first().isVisible()).toBe(true);
  // The item's own history: who changed it from what to what, and why.
  await page.getByRole('button', { name: 'History of Systolic blood pressure' }).click();
  const changes = page.getByLabel('Changes of Systolic blood pressure');
  await expect.poll(() => changes.innerText()).toMatch(/172 → 152[\s\S]*Casey Coordinator[\s\S]*Transcription error: source says 152/);
  // The popover fades in: let it finish before the picture.
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-results/data-entry-item-history.png' });
  await page.keyboard.press('Escape');

  // An adverse event log: a repeating group, a row per event, added and removed.
  await page.goto(`${server.baseUrl}/participants/${participantId}`);
  const aeLink = forms.getByRole('link', { name: 'Adverse events at Baseline (day 1)' });
  await expect.poll(() => aeLink.isVisible()).toBe(true);
  await forms.screenshot({ path: 'test-results/data-entry-visit-forms.png' });
  await aeLink.click();
  const addRow = page.getByRole('button', { name: 'Add a row to Adverse event log' });
  await addRow.click();
  await addRow.click();
  const choose = async (label: string, option: string) => {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };
  await page.getByLabel('Adverse event, row 1', { exact: true }).fill('Headache');
  await page.getByLabel('Start date, row 1', { exact: true }).fill('2026-11');
  await choose('Severity, row 1', 'Mild');
  await choose('Serious?, row 1', 'No');
  await page.getByLabel('Adverse event, row 2', { exact: true }).fill('Nausea');
  await page.getByLabel('Start date, row 2', { exact: true }).fill('2026-11-03');
  await choose('Severity, row 2', 'Moderate');
  await choose('Serious?, row 2', 'No');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect.poll(() => page.getByText('Draft', { exact: true }).first().isVisible()).toBe(true);
  await page.screenshot({ path: 'test-results/data-entry-ae-log.png', fullPage: true });

  await page.getByRole('button', { name: 'Remove row 1 of Adverse event log' }).click();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect.poll(() => page.getByLabel('Adverse event, row 2', { exact: true }).count()).toBe(0);
  await expect.poll(() => page.getByLabel('Adverse event, row 1', { exact: true }).inputValue()).toBe('Nausea');
});
