import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestSmtpServer } from '../test/support/smtp-server.js';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

let server: RunningServer;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  server = await startServer({
    TRIALDESK_SMTP_HOST: '127.0.0.1',
    TRIALDESK_SMTP_PORT: String(smtp.port),
    TRIALDESK_SMTP_FROM: 'Trialdesk <trialdesk@test.example>',
    TRIALDESK_PUBLIC_URL: 'https://trials.example.org',
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

it('the coordinator opens their settings from their name and chooses the daily digest for missed visits', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await logIn(page, server.baseUrl, 'coordinator@demo.trialdesk.dev');

  await page.getByRole('banner').getByRole('link', { name: 'Casey Coordinator' }).click();
  await page.waitForURL(/\/settings$/);
  const section = page.getByRole('region', { name: 'E-mail notifications' });
  await section.getByText('A visit missed at your site').waitFor();
  // E-mail is on: no warning that it is off.
  expect(await page.getByText('E-mail is off on this server').count()).toBe(0);
  const save = section.getByRole('button', { name: 'Save e-mail settings' });
  expect(await save.isDisabled()).toBe(true);

  const missedVisit = section.getByRole('radiogroup', { name: 'E-mail for: A visit missed at your site' });
  await missedVisit.getByText('Daily digest').click();
  const unblinding = section.getByRole('radiogroup', { name: 'E-mail for: Emergency unblinding of a participant at your site' });
  await unblinding.getByText('Not by e-mail').click();
  await save.click();
  await page.getByText('E-mail settings saved').waitFor();

  // Kept: the API answers what the page shows after a reload.
  await page.reload();
  await section.getByText('A visit missed at your site').waitFor();
  const answer = await page.evaluate(async () => (await fetch('/api/me/email-preferences')).json());
  expect(answer.items).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: 'emergency_unblinding', setting: 'never' }),
      expect.objectContaining({ kind: 'missed_visit', setting: 'digest' }),
    ]),
  );
  // The kinds the coordinator left alone keep the default.
  for (const item of answer.items.filter((i: { kind: string }) => !['emergency_unblinding', 'missed_visit'].includes(i.kind)))
    expect(item.setting).toBe('immediately');
  expect(await missedVisit.locator('input[value="digest"]').isChecked()).toBe(true);
  await page.screenshot({ path: 'test-results/email-settings.png', fullPage: false });
});
