import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

/**
 * An SAE's life in the web app (#13): the coordinator records a serious adverse event, the
 * investigator signs and submits the report, the sponsor acknowledges it and decides SUSAR, and
 * the Safety page shows the 7-day clock running.
 */

let server: RunningServer;
let browser: Browser;
const pages: Record<'coordinator' | 'investigator' | 'manager', Page> = {} as never;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const name of ['coordinator', 'investigator', 'manager'] as const) {
    pages[name] = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function choose(page: Page, label: string, option: string) {
  const escaped = label.replace(/[()]/g, '\\$&');
  await page
    .getByRole('dialog')
    .getByLabel(new RegExp(`^${escaped}`))
    .click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

it('is recorded by the coordinator, signed by the investigator, and made a SUSAR with its 7-day clock by the sponsor', async () => {
  const { coordinator, investigator, manager } = pages;
  await logIn(coordinator, server.baseUrl, 'coordinator@demo.trialdesk.dev');
  await coordinator.goto(`${server.baseUrl}/participants?pq=101-006`);
  await coordinator.getByRole('link', { name: '101-006' }).first().click();
  await coordinator.waitForURL(/\/participants\/[0-9a-f-]{36}$/);
  await coordinator.getByRole('button', { name: 'Record an adverse event' }).click();
  const form = coordinator.getByRole('dialog');
  await form.getByLabel(/^Verbatim term/).fill('Anaphylactic reaction after dose 3');
  await form.getByLabel(/^Onset/).fill(String(new Date().getUTCFullYear() - 1));
  await choose(coordinator, 'Severity (CTCAE grade)', 'Grade 4');
  await form.getByLabel('Serious', { exact: true }).check();
  await form.getByLabel('Life-threatening').check();
  await form.getByLabel('SAE narrative').fill('Anaphylaxis 20 minutes after dosing; adrenaline given; admitted overnight.');
  await choose(coordinator, 'Causality', 'Related');
  await choose(coordinator, 'Expectedness', 'Unexpected');
  await choose(coordinator, 'Action taken with study treatment', 'Withdrawn');
  await choose(coordinator, 'Outcome', 'Recovering');
  await form.getByRole('button', { name: 'Record adverse event' }).click();
  await expect.poll(() => form.count()).toBe(0);
  const events = coordinator.getByRole('table', { name: 'Adverse events' });
  await expect.poll(() => events.getByText('Anaphylactic reaction after dose 3').count()).toBe(1);
  await events.screenshot({ path: 'test-results/participant-adverse-events.png' });
  await events.getByRole('row').filter({ hasText: 'Anaphylactic reaction after dose 3' }).getByRole('link', { name: 'SAE report' }).click();
  await coordinator.waitForURL(/\/safety\/reports\/[0-9a-f-]{36}$/);
  const reportUrl = coordinator.url();

  await logIn(investigator, server.baseUrl, 'investigator@demo.trialdesk.dev');
  await investigator.goto(reportUrl);
  await investigator.getByRole('button', { name: 'Sign and submit' }).click();
  await investigator.getByRole('dialog').getByRole('textbox', { name: 'Password' }).fill('trialdesk-demo');
  await investigator.getByRole('dialog').getByRole('button', { name: 'Sign', exact: true }).click();
  await expect.poll(() => investigator.getByText(/Signed by/).count()).toBe(1);

  await logIn(manager, server.baseUrl, 'studymanager@demo.trialdesk.dev');
  await manager.goto(reportUrl);
  await manager.getByRole('button', { name: 'Acknowledge receipt' }).click();
  await manager.getByRole('dialog').getByRole('button', { name: 'Acknowledge' }).click();
  await expect.poll(() => manager.getByRole('dialog').count()).toBe(0);
  await manager.getByRole('button', { name: 'Assess and decide SUSAR' }).click();
  await manager.getByRole('dialog').getByRole('button', { name: 'Record decision' }).click();
  await expect.poll(() => manager.getByText(/Expedited report \(day 7\)/).count()).toBeGreaterThan(0);
  await manager.screenshot({ path: 'test-results/sae-report.png', fullPage: true });

  await manager.goto(`${server.baseUrl}/safety`);
  const row = manager
    .getByRole('table', { name: 'Open SAE reports' })
    .getByRole('row')
    .filter({ hasText: 'Anaphylactic reaction after dose 3' });
  await expect.poll(() => row.count()).toBe(1);
  const text = await row.innerText();
  expect(text).toMatch(/Expedited report \(day 7\)/);
  expect(text).toMatch(/Complete report \(day 15\)/);
  expect(text).toMatch(/Due\b/);
  await manager.screenshot({ path: 'test-results/safety-page.png', fullPage: true });
});
