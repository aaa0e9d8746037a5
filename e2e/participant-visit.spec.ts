import type { Browser, Page } from 'playwright-core';
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

const chicago = 'Lakeshore University Hospital – Oncology';
const timeZone = 'America/Chicago';

/** A calendar day at the Chicago site, `offset` days from today there, as YYYY-MM-DD. */
function chicagoDay(offset: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const day = new Date(`${today}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

async function openPage(email: string): Promise<Page> {
  // The browser keeps the site's time: "Consented at" is entered as the site's local time.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: timeZone });
  const page = await context.newPage();
  await logIn(page, server.baseUrl, email);
  return page;
}

it('the coordinator pre-screens, consents and randomizes a participant, sees the schedule, completes a visit late and finds the deviation', async () => {
  const consentDay = chicagoDay(-40);
  const enrolledOn = chicagoDay(-36);
  // Week 4 is 28 days after baseline (the day of randomization) with a window of ±3 days.
  const week4WindowEnd = chicagoDay(-36 + 28 + 3);
  const lateDay = chicagoDay(-36 + 28 + 3 + 2);
  const name = 'Avery Quinnell';

  // The coordinator opens AURORA Chicago's pre-screening log and adds a candidate.
  const coordinator = await openPage('coordinator@demo.trialdesk.dev');
  await coordinator.getByRole('link', { name: 'Studies' }).first().click();
  await coordinator
    .getByRole('link', { name: /AURORA/ })
    .first()
    .click();
  await coordinator.getByRole('tab', { name: /^Sites/ }).click();
  await coordinator.getByRole('link', { name: chicago }).first().click();
  await coordinator.getByRole('link', { name: 'Pre-screening log' }).click();
  await coordinator.getByRole('button', { name: 'Add candidate' }).click();
  const candidate = coordinator.getByRole('dialog');
  await candidate.getByLabel(/^Source/).selectOption('referral');
  await candidate.getByLabel(/^Pre-screened on/).fill(chicagoDay(-45));
  await candidate.getByLabel(/^Outcome/).selectOption('to_screen');
  await candidate.getByLabel(/^Full name/).fill(name);
  await candidate.getByLabel(/^Date of birth/).fill('1971-04-09');
  await candidate.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => candidate.count()).toBe(0);

  // Screens them: the participant's page opens with the new subject number.
  await coordinator
    .getByRole('row', { name: new RegExp(name) })
    .getByRole('button', { name: 'Screen' })
    .click();
  const screening = coordinator.getByRole('dialog');
  await screening.getByLabel(/^Screening date/).fill(consentDay);
  await screening.getByRole('button', { name: 'Screen' }).click();
  await coordinator.waitForURL(/\/participants\/[0-9a-f-]{36}$/);
  const heading = coordinator.getByRole('heading', { level: 2 }).first();
  await expect.poll(() => heading.textContent()).toMatch(/^101-/);
  const subjectNumber = ((await heading.textContent()) ?? '').trim();

  // Records consent given 40 days ago on the form then in force, obtained by Casey herself.
  await coordinator.getByRole('button', { name: 'Record consent' }).click();
  const consent = coordinator.getByRole('dialog');
  await consent.getByLabel(/^Consented at/).fill(`${consentDay}T10:30`);
  await consent.getByRole('button', { name: 'Use the version in force' }).click();
  await consent.getByLabel(/^Obtained by/).fill('Casey');
  await coordinator.getByRole('option', { name: 'Casey Coordinator' }).click();
  await consent.getByRole('button', { name: 'Record consent' }).click();
  await expect.poll(() => consent.count()).toBe(0);
  await expect.poll(() => coordinator.getByRole('table', { name: 'Consents' }).getByText('Casey Coordinator').count()).toBe(1);

  // Answers the eligibility criteria: every inclusion met, no exclusion met.
  const inclusions = coordinator.getByRole('radiogroup', { name: /^Inclusion \d+$/ });
  const exclusions = coordinator.getByRole('radiogroup', { name: /^Exclusion \d+$/ });
  await expect.poll(() => inclusions.count()).toBe(4);
  await expect.poll(() => exclusions.count()).toBe(4);
  for (let i = 0; i < 4; i++) {
    await inclusions.nth(i).getByText('Met', { exact: true }).click();
    await exclusions.nth(i).getByText('Not met', { exact: true }).click();
  }
  await coordinator.getByRole('button', { name: 'Save answers' }).click();
  await expect.poll(() => coordinator.getByText('Every criterion answered: all inclusion met, no exclusion met.').count()).toBe(1);
  const participantUrl = coordinator.url();

  // The investigator confirms eligibility with her password (an e-signature).
  const investigator = await openPage('investigator@demo.trialdesk.dev');
  await investigator.goto(participantUrl);
  await investigator.getByRole('button', { name: 'Confirm eligibility' }).click();
  const signing = investigator.getByRole('dialog');
  await signing.getByLabel(/^Password/).fill('trialdesk-demo');
  await signing
    .getByRole('button', { name: /Sign|Confirm/ })
    .last()
    .click();
  await expect.poll(() => signing.count()).toBe(0);
  await expect.poll(() => investigator.getByText('Confirmed', { exact: true }).count()).toBe(1);

  // The coordinator randomizes with the strata and the day of enrollment, four days after consent.
  await coordinator.reload();
  await coordinator.getByRole('button', { name: 'Randomize' }).click();
  const randomize = coordinator.getByRole('dialog');
  await randomize.getByLabel(/^Age group/).selectOption('LT65');
  await randomize.getByLabel(/^Prior biologic therapy/).selectOption('NAIVE');
  await randomize.getByLabel(/^Enrollment date/).fill(enrolledOn);
  await randomize.getByRole('button', { name: 'Randomize' }).click();
  await expect.poll(() => randomize.count()).toBe(0);
  await expect.poll(() => coordinator.getByText(/Randomization no\. R\d{4}/).count()).toBeGreaterThan(0);
  // AURORA is double-blind: the coordinator sees the randomization number, never the arm.
  await expect.poll(() => coordinator.getByText('Blinded', { exact: true }).count()).toBe(1);
  for (const arm of ['NWT-101 6 mg once daily', 'Placebo once daily', 'Treatment A', 'Treatment B', 'NWT101', 'PBO']) {
    expect(await coordinator.getByText(arm).count()).toBe(0);
  }
  await coordinator.screenshot({ path: 'test-results/participant-randomized.png', fullPage: true });

  // Her calendar shows the participant's visits by subject number.
  await coordinator.getByRole('link', { name: 'Calendar' }).first().click();
  // Week 4's target day: the month on screen is this one, or the one before near its start.
  const month = coordinator.getByRole('table', { name: 'Month' });
  await expect.poll(() => month.count()).toBe(1);
  if (chicagoDay(-36 + 28).slice(0, 7) < chicagoDay(0).slice(0, 7)) await coordinator.getByRole('button', { name: 'Previous' }).click();
  const week4Chip = month.getByRole('button', { name: new RegExp(`^${subjectNumber}.*Week 4`) });
  await expect.poll(() => week4Chip.count(), { timeout: 15_000 }).toBe(1);
  await coordinator.screenshot({ path: 'test-results/calendar-with-participant.png', fullPage: true });

  // Back on the participant's page she completes week 4 two days after its window closed.
  await coordinator.goto(participantUrl);
  const week4 = coordinator.getByRole('table', { name: 'Visits' }).getByRole('row', { name: /W4/ });
  await week4.getByRole('button', { name: 'Complete' }).click();
  const completing = coordinator.getByRole('dialog');
  await completing.getByLabel(/^Actual date/).fill(lateDay);
  // Before saving, the dialog says which deviation saving will record, in the deviation's words.
  const warning = completing.getByTestId('completion-deviation-warning');
  await expect.poll(() => warning.getByText(/2 days late for its window/).count()).toBe(1);
  await completing.getByRole('button', { name: 'Mark the rest done' }).click();
  await completing
    .getByRole('button', { name: /^Complete/ })
    .last()
    .click();
  await expect.poll(() => completing.count()).toBe(0);

  // The deviation is on the participant's page: visit out of window, two days late.
  const deviations = coordinator.getByRole('table', { name: 'Protocol deviations' });
  await expect.poll(() => deviations.getByText('Visit out of window').count()).toBe(1);
  await expect.poll(() => deviations.getByText(`2 days late for its window`, { exact: false }).count()).toBe(1);
  expect(await deviations.getByText(week4WindowEnd, { exact: false }).count()).toBe(1);
  expect(await week4.getByText('Deviation', { exact: true }).count()).toBe(1);
  await coordinator.screenshot({ path: 'test-results/participant-deviation.png', fullPage: true });
});
