import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { shortDay } from '../web/src/features/calendar/calendar-dates.js';
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
// The browser runs in Berlin while the site is in Chicago: the dialog and the calendar must
// speak the site's time, not the reader's.
const readerZone = 'Europe/Berlin';
const siteZone = 'America/Chicago';
// The machine may be busy: give each screen some seconds to show what it fetched.
const wait = { timeout: 15_000 };

function chicagoDay(offset: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: siteZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
  const day = new Date(`${today}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

interface Item {
  visitId: string;
  subjectNumber: string;
  code: string;
  status: string;
  windowStart: string | null;
  windowEnd: string | null;
  targetDate: string | null;
  appointment: unknown;
}

async function openPage(email: string, width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: readerZone });
  const page = await context.newPage();
  await logIn(page, server.baseUrl, email);
  return page;
}

async function choose(page: Page, label: RegExp, option: string | RegExp) {
  await page.getByRole('dialog').getByLabel(label).click();
  await page.getByRole('option', { name: option }).first().click();
}

it('the coordinator books a visit for a time with a staff member and sees it in the day and week views', async () => {
  const coordinator = await openPage('coordinator@demo.trialdesk.dev', 1440);
  const sites = await (await coordinator.request.get(`${server.baseUrl}/api/sites?q=Lakeshore`)).json();
  const siteId = sites.items.find((s: { name: string }) => s.name === chicago).id as string;
  // A scheduled, unbooked visit whose window still has a day after tomorrow at the site.
  const tomorrow = chicagoDay(1);
  const calendar = await (
    await coordinator.request.get(`${server.baseUrl}/api/sites/${siteId}/calendar?from=${chicagoDay(0)}&to=${chicagoDay(40)}`)
  ).json();
  const visit = (calendar.items as Item[]).find(
    (i) => i.status === 'scheduled' && !i.appointment && i.windowEnd && i.windowEnd > tomorrow && i.targetDate && i.targetDate > tomorrow,
  );
  if (!visit?.windowStart || !visit.windowEnd || !visit.targetDate) throw new Error('the demo has no visit to book in the next 40 days');
  const bookedDay = visit.targetDate;

  // The site calendar, day view on the visit's target day: the visit with a Book action.
  await coordinator.goto(`${server.baseUrl}/calendar?mode=site&site=${siteId}&view=day&date=${bookedDay}`);
  await coordinator.getByRole('button', { name: `Book ${visit.subjectNumber} ${visit.code}` }).click();
  const dialog = coordinator.getByRole('dialog');
  await expect.poll(() => dialog.getByText(/Times are the site's: America\/Chicago/).count(), wait).toBe(1);
  await coordinator.screenshot({ path: 'test-results/visit-booking-dialog-1440.png' });
  await choose(coordinator, /^Time/, '10:30');
  await choose(coordinator, /^Duration/, '45 min');
  await dialog.getByLabel(/^Room/).fill('Exam room 4');
  await choose(coordinator, /^Staff member/, 'Casey Coordinator');
  await dialog.getByRole('button', { name: 'Book', exact: true }).click();
  await expect.poll(() => dialog.count(), wait).toBe(0);

  // The day view shows the time at the site (not Berlin's), the room and the staff member.
  const chip = coordinator.getByRole('button', { name: new RegExp(`^${visit.subjectNumber} · ${visit.code},.*booked 10:30–11:15`) });
  await expect.poll(() => chip.count(), wait).toBe(1);
  expect(await chip.textContent()).toContain('10:30–11:15 · Exam room 4 · Casey Coordinator');
  await coordinator.screenshot({ path: 'test-results/visit-booking-day-1440.png', fullPage: true });

  // The week view too, and the booking is changed from there: same dialog, the visit's clock beside its chip.
  await coordinator.locator('label', { hasText: /^Week$/ }).click();
  const column = coordinator.getByRole('region', { name: shortDay(bookedDay), exact: true });
  await expect.poll(() => column.getByText('10:30–11:15 · Exam room 4 · Casey Coordinator').count(), wait).toBe(1);
  await column.getByRole('button', { name: `Change booking ${visit.subjectNumber} ${visit.code}` }).click();
  await expect.poll(() => dialog.getByText(/Times are the site's: America\/Chicago/).count(), wait).toBe(1);
  await choose(coordinator, /^Time/, '11:00');
  await dialog.getByRole('button', { name: 'Move booking' }).click();
  await expect.poll(() => dialog.count(), wait).toBe(0);
  await expect.poll(() => column.getByText('11:00–11:45 · Exam room 4 · Casey Coordinator').count(), wait).toBe(1);
  await coordinator.screenshot({ path: 'test-results/visit-booking-week-1440.png', fullPage: true });

  // The month view books as well: its cell holds the visit with the same action, opening the same dialog.
  await coordinator.locator('label', { hasText: /^Month$/ }).click();
  const cell = coordinator.getByRole('cell', { name: new RegExp(`^${shortDay(bookedDay)}:`) });
  await cell.getByRole('button', { name: `Change booking ${visit.subjectNumber} ${visit.code}` }).click();
  await expect.poll(() => dialog.getByText(/Times are the site's: America\/Chicago/).count(), wait).toBe(1);
  expect(await dialog.getByRole('button', { name: 'Move booking' }).count()).toBe(1);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => dialog.count(), wait).toBe(0);

  // The site calendar remembers the site: opened again without one in the address, it shows the same site.
  await coordinator.goto(`${server.baseUrl}/calendar?mode=site&view=week&date=${bookedDay}`);
  await expect.poll(() => coordinator.getByText('11:00–11:45 · Exam room 4 · Casey Coordinator').count(), wait).toBe(1);

  // At 1280 px the week and the participant's visits table show the booking.
  const narrow = await openPage('coordinator@demo.trialdesk.dev', 1280);
  await narrow.goto(`${server.baseUrl}/calendar?mode=site&site=${siteId}&view=week&date=${bookedDay}`);
  await expect.poll(() => narrow.getByText('11:00–11:45 · Exam room 4 · Casey Coordinator').count(), wait).toBe(1);
  await narrow.screenshot({ path: 'test-results/visit-booking-week-1280.png', fullPage: true });
  await narrow.getByText('11:00–11:45 · Exam room 4 · Casey Coordinator').click();
  await narrow.waitForURL(/\/participants\/[0-9a-f-]{36}$/);
  const row = narrow.getByRole('row', { name: new RegExp(`^${visit.code}`) });
  await expect.poll(() => row.getByText('Exam room 4 · Casey Coordinator · America/Chicago').count(), wait).toBe(1);
  await row.scrollIntoViewIfNeeded();
  await narrow.screenshot({ path: 'test-results/visit-booking-participant-1280.png' });
}, 180_000);
