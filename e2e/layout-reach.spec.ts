import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logIn } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

/**
 * Everything reachable at laptop and tablet widths (#11): measured from the elements' boxes,
 * not judged from a screenshot. A tab is "reachable" only when it lies inside the viewport as
 * the page opens; a board column may also sit in a sideways-scrolling region, provided the
 * region says it scrolls and scrolling it brings the column into view.
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

async function openAurora(width: number, height: number, email: string, tab?: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await logIn(page, server.baseUrl, email);
  await page.getByRole('link', { name: 'Studies' }).first().click();
  await page
    .getByRole('link', { name: /AURORA/ })
    .first()
    .click();
  await expect.poll(() => page.getByRole('heading', { name: /AURORA/ }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
  if (tab) await page.getByRole('tab', { name: tab }).click();
  return page;
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('element has no box (not rendered)');
  return found;
}

const within = (
  inner: { x: number; y: number; width: number; height: number },
  outer: { x: number; y: number; width: number; height: number },
) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

describe.each([
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
])('at $width × $height', ({ width, height }) => {
  it('shows every tab of a study page inside the viewport, for the study manager who has them all', async () => {
    const page = await openAurora(width, height, 'studymanager@demo.trialdesk.dev');
    const tabs = page.getByRole('tablist').first().getByRole('tab');
    const names = await tabs.allInnerTexts();
    // Every tab a study manager has (all but Allocations, which only unblinded roles see); a tab
    // the set-up helper adds must fit as well.
    for (const name of ['Overview', 'Participants', 'Feasibility', 'Randomization', 'Settings', 'History'])
      expect(names.join('|')).toContain(name);
    expect(names.length).toBeGreaterThanOrEqual(12);
    const viewport = { x: 0, y: 0, width, height };
    for (let i = 0; i < names.length; i++) {
      const tab = tabs.nth(i);
      expect(within(await box(tab), viewport), `tab "${names[i]}" lies inside the ${width}×${height} viewport`).toBe(true);
    }
    // Room for one more: the strip uses at most two rows at laptop width.
    if (width >= 1280) {
      const rows = new Set<number>();
      for (let i = 0; i < names.length; i++) rows.add(Math.round((await box(tabs.nth(i))).y));
      expect(rows.size).toBeLessThanOrEqual(2);
    }
    await page.close();
  });

  it('brings every start-up board column into view: on screen, or in a region that says it scrolls', async () => {
    const page = await openAurora(width, height, 'studymanager@demo.trialdesk.dev', 'Start-up');
    const table = page.getByRole('table', { name: 'Start-up board' });
    const headers = table.getByRole('columnheader');
    await expect.poll(() => headers.count()).toBeGreaterThan(8);
    const names = (await headers.allInnerTexts()).map((name) => name.replace(/\s+/g, ' ').trim());
    for (const name of ['Site initiation visit', 'Activation']) expect(names.join('|')).toContain(name);

    const region = page.getByRole('region', { name: /Start-up board/ });
    const scrolls = await region.evaluate((element) => ({
      overflowing: element.scrollWidth > element.clientWidth,
      overflowX: getComputedStyle(element).overflowX,
    }));
    if (scrolls.overflowing) {
      // Visibly scrollable: the browser draws a scrollbar (overflow auto/scroll) and a line says so.
      expect(['auto', 'scroll']).toContain(scrolls.overflowX);
      const cue = page.locator('[data-scroll-cue]');
      expect(await cue.isVisible()).toBe(true);
      expect(await cue.innerText()).toMatch(/scroll sideways/i);
    }
    const viewport = { x: 0, y: 0, width, height: Number.POSITIVE_INFINITY };
    for (let i = 0; i < names.length; i++) {
      const header = headers.nth(i);
      await header.evaluate((element) => element.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
      const headerBox = await box(header);
      expect(within(headerBox, await box(region)), `column "${names[i]}" scrolls into the board's region`).toBe(true);
      expect(within(headerBox, viewport), `column "${names[i]}" lies inside the ${width}-px viewport`).toBe(true);
    }
    // Scrolled to the last column, the site column is still in view (sticky), so a row stays named.
    const siteHeader = headers.first();
    expect(within(await box(siteHeader), await box(region))).toBe(true);
    await page.close();
  });
});

describe('the Feasibility tab for site staff', () => {
  it.each(['coordinator', 'investigator'])('shows the %s what was sent to their sites, not "Not Found"', async (role) => {
    const page = await openAurora(1280, 800, `${role}@demo.trialdesk.dev`, 'Feasibility');
    await expect.poll(() => page.getByText(/questionnaires the study team sent to your sites/i).count()).toBeGreaterThan(0);
    expect(await page.getByText(/No such study|Not Found/i).count()).toBe(0);
    await page.close();
  });
});

describe("a participant's visits at 1280 × 800", () => {
  it('shows the actions of the first visit to do inside the viewport without scrolling sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await logIn(page, server.baseUrl, 'coordinator@demo.trialdesk.dev');
    await page.goto(`${server.baseUrl}/participants?pq=101-006`);
    await page.getByRole('link', { name: '101-006' }).first().click();
    await page.waitForURL(/\/participants\/[0-9a-f-]{36}$/);
    const table = page.getByRole('table', { name: 'Visits' });
    // A booked visit adds its time, room and staff member to its row: the widest a row gets.
    const bookable = table.getByRole('row').filter({ has: page.getByRole('button', { name: /^Book / }) });
    await expect.poll(() => bookable.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await bookable
      .last()
      .getByRole('button', { name: /^Book / })
      .click();
    const dialog = page.getByRole('dialog');
    for (const [label, option] of [
      [/^Time/, '10:30'],
      [/^Staff member/, 'Casey Coordinator'],
    ] as const) {
      await dialog.getByLabel(label).click();
      await page.getByRole('option', { name: option }).first().click();
    }
    await dialog.getByLabel(/^Room/).fill('Exam room 4, oncology day unit');
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => table.getByText(/^Booked /).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // The first row that offers anything to do: the next visit, with Book (or Change) and Complete.
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: 'Complete' }) })
      .first();
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    // Bring the row up vertically only: scrolling it into view would also scroll the table sideways.
    await row.evaluate((element) => window.scrollBy(0, element.getBoundingClientRect().top - 200));
    const viewport = { x: 0, y: 0, width: 1280, height: 800 };
    const actions = row.getByRole('button');
    expect(await actions.allInnerTexts()).toEqual(expect.arrayContaining(['Complete']));
    expect(await actions.count()).toBe(2);
    for (let i = 0; i < (await actions.count()); i++) {
      const action = actions.nth(i);
      const name = await action.innerText();
      expect(within(await box(action), viewport), `"${name}" of the first visit to do lies inside the 1280×800 viewport`).toBe(true);
      // Nor cut by the edge of a scrolling box around it (the table's own scroll area): the whole
      // button lies inside every ancestor that clips what overflows it.
      const clipped = await action.evaluate((element) => {
        const own = element.getBoundingClientRect();
        for (let parent = element.parentElement; parent; parent = parent.parentElement) {
          if (getComputedStyle(parent).overflowX === 'visible') continue;
          const clip = parent.getBoundingClientRect();
          if (own.left < clip.left - 0.5 || own.right > clip.left + parent.clientWidth + 0.5) return true;
        }
        return false;
      });
      expect(clipped, `"${name}" of the first visit to do is cut by a scrolling box`).toBe(false);
    }
    await page.screenshot({ path: 'test-results/participant-visits-1280.png' });
    await page.close();
  });
});
