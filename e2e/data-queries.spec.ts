import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

/**
 * A data query's life in the web app (#12): the CRA raises it on a participant's visit form
 * item, the coordinator finds it in the site's inbox and answers, the CRA closes it.
 */

let server: RunningServer;
let browser: Browser;
let cra: Page;
let coordinator: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  cra = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  coordinator = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('is raised by the CRA on a participant, answered by the coordinator from the inbox, and closed by the CRA', async () => {
  await logIn(cra, server.baseUrl, 'cra@demo.trialdesk.dev');
  await cra.goto(`${server.baseUrl}/participants?pq=101-006`);
  await cra.getByRole('link', { name: '101-006' }).first().click();
  await cra.waitForURL(/\/participants\/[0-9a-f-]{36}$/);
  await cra.getByRole('button', { name: 'Raise a query' }).click();
  const raise = cra.getByRole('dialog');
  await raise.getByRole('combobox', { name: 'Visit' }).click();
  await cra.getByRole('option').first().click();
  await raise.getByLabel('Form OID').fill('F.VS');
  await raise.getByLabel('Item group OID').fill('IG.VS');
  await raise.getByLabel('Item OID').fill('I.SYSBP');
  await raise.getByLabel('Question').fill('Systolic 210 mmHg: please confirm against the source.');
  await raise.getByRole('button', { name: 'Raise query' }).click();
  await expect.poll(() => raise.count()).toBe(0);
  const onParticipant = cra.getByRole('table', { name: 'Data queries' });
  await expect.poll(() => onParticipant.getByText('Systolic 210 mmHg').count()).toBe(1);

  await logIn(coordinator, server.baseUrl, 'coordinator@demo.trialdesk.dev');
  await coordinator.goto(`${server.baseUrl}/queries`);
  const inbox = coordinator.getByRole('table', { name: 'Data queries, oldest first' });
  const row = inbox.getByRole('row').filter({ hasText: 'Systolic 210 mmHg' });
  await expect.poll(() => row.count()).toBe(1);
  expect(await row.innerText()).toMatch(/101-006/);
  await row.getByRole('button', { name: 'Open', exact: true }).click();
  const dialog = coordinator.getByRole('dialog');
  await dialog.getByLabel('Message').fill('Source says 120 mmHg; transcription error.');
  await dialog.getByRole('button', { name: 'Answer' }).click();
  await expect.poll(() => dialog.getByText('Source says 120 mmHg').count()).toBe(1);
  await expect.poll(async () => (await dialog.innerText()).includes('Answered')).toBe(true);
  await coordinator.screenshot({ path: 'test-results/data-query-answered.png' });

  await cra.reload();
  await cra.getByRole('table', { name: 'Data queries' }).getByRole('button', { name: 'Open' }).first().click();
  const closing = cra.getByRole('dialog');
  await closing.getByLabel('Message').fill('Confirmed against source.');
  await closing.getByRole('button', { name: 'Close query' }).click();
  await expect.poll(async () => (await closing.innerText()).includes('Closed')).toBe(true);
  // Closed, it leaves the site's inbox of open and answered queries.
  await coordinator.getByRole('dialog').getByRole('button').first().click();
  await coordinator.reload();
  await expect.poll(() => inbox.getByRole('row').filter({ hasText: 'Systolic 210 mmHg' }).count()).toBe(0);
});
