import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

/**
 * Each demo role lands on its home page after login and finds the day's real work there, each
 * item a link to the page where it is done; the navigation and the bell count the same items.
 */

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

const uuid = '[0-9a-f-]{36}';

async function home(email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await logIn(page, server.baseUrl, email);
  // The landing page after login is the home page.
  expect(new URL(page.url()).pathname).toBe('/');
  await page.locator('main section').first().waitFor();
  return page;
}

const section = (page: Page, key: string) => page.locator(`[data-section="${key}"]`);

/** Opens the first item of a section and checks where it leads; then comes back home. */
async function followFirst(page: Page, key: string, path: RegExp): Promise<void> {
  const items = section(page, key).getByRole('listitem');
  await expect.poll(() => items.count()).toBeGreaterThan(0);
  await items.first().getByRole('link').first().click();
  await page.waitForURL((url) => path.test(url.pathname));
  await page.locator('main h2').first().waitFor();
  await page.goBack();
  await page.locator('main section').first().waitFor();
}

/** The navigation's Home badge and the bell count the same open items. */
async function expectBadgeMatchesBell(page: Page): Promise<number> {
  const bell = page.getByRole('button', { name: /^Notifications: \d+ open item/ });
  const bellCount = Number(/(\d+)/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1]);
  expect(bellCount).toBeGreaterThan(0);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect.poll(() => nav.getByLabel(`${bellCount} open items`).count()).toBe(1);
  return bellCount;
}

it("the coordinator sees this week's visits, signatures the PI owes and deviations, each linked to its page; the bell lists the same", async () => {
  const page = await home('coordinator@demo.trialdesk.dev');
  await expectBadgeMatchesBell(page);
  // Visits with their window status, linked to the participant's page where they are completed.
  const visits = page.locator('[data-section="visits_today"] li, [data-section="visits_week"] li');
  await expect.poll(() => visits.count()).toBeGreaterThan(0);
  await expect.poll(() => visits.getByText(/In window|Due today|Last day of window|Window not open yet/).count()).toBeGreaterThan(0);
  await followFirst(page, 'visits_week', new RegExp(`^/participants/${uuid}$`));
  // Dr. Ethan Brooks's delegation entry waits for the PI: the item opens the delegation log.
  await expect
    .poll(() =>
      section(page, 'delegation_waiting')
        .getByText(/Dr\. Ethan Brooks/)
        .count(),
    )
    .toBe(1);
  await followFirst(page, 'delegation_waiting', new RegExp(`^/studies/${uuid}/sites/${uuid}/delegation$`));
  await followFirst(page, 'eligibility_waiting', new RegExp(`^/participants/${uuid}$`));
  await followFirst(page, 'reconsent_due', new RegExp(`^/participants/${uuid}$`));
  await followFirst(page, 'documents_returned', new RegExp(`^/documents/${uuid}$`));

  // The bell shows the same sections.
  await page.getByRole('button', { name: /^Notifications/ }).click();
  const dropdown = page.getByRole('dialog');
  await expect.poll(() => dropdown.getByText("Delegation entries waiting for the PI's signature").count()).toBe(1);
  await expect.poll(() => dropdown.getByText('Re-consent due').count()).toBe(1);
});

it('the investigator sees the signatures waiting: delegation, eligibility and documents to approve', async () => {
  const page = await home('investigator@demo.trialdesk.dev');
  await expectBadgeMatchesBell(page);
  const titles = await page.locator('[data-section] h3').allTextContents();
  expect(titles.slice(0, 3)).toEqual(['Delegation entries to sign', 'Eligibility to confirm', 'Documents to approve']);
  await expect
    .poll(() =>
      section(page, 'delegation_to_sign')
        .getByText(/Dr\. Ethan Brooks/)
        .count(),
    )
    .toBe(1);
  await followFirst(page, 'delegation_to_sign', new RegExp(`^/studies/${uuid}/sites/${uuid}/delegation$`));
  await followFirst(page, 'eligibility_to_confirm', new RegExp(`^/participants/${uuid}$`));
  await followFirst(page, 'documents_to_review', new RegExp(`^/documents/${uuid}$`));
  // No "waiting for the investigator" on the investigator's own page.
  expect(await section(page, 'eligibility_waiting').count()).toBe(0);
});

it.each([
  ['studymanager@demo.trialdesk.dev', ['AURORA', 'BOREAL']],
  ['cra@demo.trialdesk.dev', ['AURORA', 'BOREAL', 'HELIX-3']],
])('%s sees enrollment against target, documents to review, deviations to assess and sites behind on start-up', async (email, studies) => {
  const page = await home(email);
  await expectBadgeMatchesBell(page);
  const enrollment = page.getByRole('region', { name: 'Enrollment against target' });
  for (const study of studies) {
    const bar = enrollment.locator(`[data-study="${study}"]`);
    await expect.poll(() => bar.getByRole('progressbar').count()).toBe(1);
    await expect.poll(() => bar.getByText(/of \d+ enrolled/).count()).toBe(1);
  }
  await followFirst(page, 'documents_to_review', new RegExp(`^/documents/${uuid}$`));
  await followFirst(page, 'deviations_to_assess', new RegExp(`^/participants/${uuid}$`));
  await followFirst(page, 'startup_behind', new RegExp(`^/studies/${uuid}/sites/${uuid}$`));
  // The site's day-to-day lists are the site's.
  expect(await section(page, 'visits_week').count()).toBe(0);
});

it("the network lead sees every supported study-site with enrollment, late milestones and open items, and each coordinator's load", async () => {
  const page = await home('networklead@demo.trialdesk.dev');
  await expectBadgeMatchesBell(page);
  const table = page.getByRole('region', { name: 'Supported study-sites' });
  await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThanOrEqual(6);
  const chicago = table.locator('tbody tr', { hasText: 'AURORA' }).filter({ hasText: 'Lakeshore University Hospital' });
  await expect.poll(() => chicago.getByText(/^\d+ of 40$/).count()).toBe(1);
  const load = page.getByRole('region', { name: "Coordinators' visits this week" });
  await expect.poll(() => load.getByText('Casey Coordinator').count()).toBe(1);
  await chicago.getByRole('link').click();
  await page.waitForURL((url) => new RegExp(`^/studies/${uuid}/sites/${uuid}$`).test(url.pathname));
});
