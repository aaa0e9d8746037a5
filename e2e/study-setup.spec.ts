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

/** The machine is shared and busy: a page may take some seconds to answer. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

/**
 * The browser's zone is the site's (Chicago), so "today" in the date inputs is the site's today
 * whatever the hour the test runs: an approval dated today is never "in the future" at the site.
 */
async function openPage(email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'America/Chicago' });
  const page = await context.newPage();
  await logIn(page, server.baseUrl, email);
  return page;
}

it('a study manager sets up a new study in the browser and the site coordinator screens its first participant', async () => {
  const manager = await openPage('studymanager@demo.trialdesk.dev');

  // A new study, sponsored by the study manager's company.
  await manager.goto(`${server.baseUrl}/studies`);
  await manager.getByRole('link', { name: 'New study' }).click();
  await manager.getByLabel(/^Short name/).fill('ZENITH');
  await manager.getByLabel(/^Protocol number/).fill('NW-ZEN-301');
  await manager.getByLabel(/^Title/).fill('A phase 3 study of zenitumab in adults with chronic plaque psoriasis');
  await manager
    .getByLabel(/^Sponsor/)
    .first()
    .fill('Northwind');
  await manager.getByRole('option', { name: 'Northwind Therapeutics' }).click();
  await manager.getByRole('button', { name: 'Create study' }).click();
  await manager.waitForURL(/\/studies\/[0-9a-f-]{36}$/);
  const studyUrl = manager.url();
  const studyId = studyUrl.split('/').pop() ?? '';

  // Adds Lakeshore's oncology site as site 101, in start-up.
  await manager.getByRole('button', { name: 'Add site' }).click();
  const addSite = manager.getByRole('dialog');
  await addSite.getByLabel(/^Site/).first().fill('Lakeshore University');
  await manager.getByRole('option', { name: /Lakeshore University Hospital – Oncology/ }).click();
  await addSite.getByLabel(/^Site number/).fill('101');
  await addSite.getByLabel(/^Initial status/).selectOption({ label: 'Start-up' });
  await addSite.getByRole('button', { name: 'Add site' }).click();
  await poll(() => addSite.count()).toBe(0);

  // The protocol: a first draft.
  await manager.getByRole('tab', { name: 'Protocol' }).click();
  await manager.getByRole('button', { name: 'New protocol version' }).click();
  const newVersion = manager.getByRole('dialog');
  await newVersion.getByLabel(/^Version label/).fill('1.0');
  await newVersion.getByRole('button', { name: 'Start the draft' }).click();
  await poll(() => newVersion.count()).toBe(0);
  const draft = manager.getByRole('form', { name: 'Draft 1.0' });
  await poll(() => draft.count()).toBe(1);

  // Arms, 1:1.
  const arms = draft.getByRole('region', { name: 'Arms' });
  for (const [index, [code, name]] of [
    ['ZEN', 'Zenitumab 10 mg/kg'],
    ['PBO', 'Placebo'],
  ].entries()) {
    await arms.getByRole('button', { name: 'Add arm' }).click();
    await arms.getByLabel(`Arm ${index + 1} code`).fill(code ?? '');
    await arms.getByLabel(`Arm ${index + 1} name`).fill(name ?? '');
  }

  // The schedule: screening, baseline, week 4; vital signs at every visit, labs at screening and week 4.
  const schedule = draft.getByRole('region', { name: 'Schedule of activities' });
  const visits = [
    { code: 'SCR', name: 'Screening', kind: 'screening', anchor: 'baseline', day: '-14', before: '0', after: '0' },
    { code: 'BL', name: 'Baseline', kind: 'baseline', anchor: 'baseline', day: '0', before: '0', after: '0' },
    // Day −5 after baseline is a mistake the API refuses: it is put right below.
    { code: 'W4', name: 'Week 4', kind: 'treatment', anchor: 'baseline', day: '-5', before: '3', after: '3' },
  ];
  for (const [index, visit] of visits.entries()) {
    await schedule.getByRole('button', { name: 'Add visit' }).click();
    const n = index + 1;
    await schedule.getByLabel(`Visit ${n} code`).fill(visit.code);
    await schedule.getByLabel(`Visit ${n} name`).fill(visit.name);
    await schedule.getByLabel(`Visit ${n} kind`).selectOption(visit.kind);
    await schedule.getByLabel(`Visit ${n} anchor`).selectOption(visit.anchor);
    await schedule.getByLabel(`Visit ${n} day`).fill(visit.day);
    await schedule.getByLabel(`Visit ${n} window before`).fill(visit.before);
    await schedule.getByLabel(`Visit ${n} window after`).fill(visit.after);
  }
  for (const [index, [code, name, at]] of [
    ['VS', 'Vital signs', ['SCR', 'BL', 'W4']],
    ['LAB', 'Safety laboratory', ['SCR', 'W4']],
  ].entries()) {
    await schedule.getByRole('button', { name: 'Add procedure' }).click();
    await schedule.getByLabel(`Procedure ${index + 1} code`).fill(code as string);
    await schedule.getByLabel(`Procedure ${index + 1} name`).fill(name as string);
    for (const visit of at as string[]) await schedule.getByLabel(`${code} at ${visit}`).check();
  }

  // Eligibility.
  const criteria = draft.getByRole('region', { name: 'Eligibility criteria' });
  await criteria.getByRole('button', { name: 'Add inclusion criterion' }).click();
  await criteria.getByLabel('Criterion 1 text').fill('Adults 18 years or older with plaque psoriasis for at least 6 months');
  await criteria.getByRole('button', { name: 'Add exclusion criterion' }).click();
  await criteria.getByLabel('Criterion 2 text').fill('Prior treatment with an IL-23 inhibitor');

  // The API refuses the week-4 visit before baseline, and says so under its day.
  await draft.getByRole('button', { name: 'Save draft' }).click();
  const w4Day = schedule.getByLabel('Visit 3 day');
  await poll(() => w4Day.getAttribute('aria-invalid')).toBe('true');
  await poll(() => schedule.getByText(/A visit after baseline is on day 0 or later of the baseline anchor\./).count()).toBe(1);
  await w4Day.fill('28');
  await draft.getByRole('button', { name: 'Save draft' }).click();
  await poll(() => draft.getByText('Saved. Finalizing freezes this version for good.').count()).toBe(1);
  await manager.screenshot({ path: 'test-results/study-setup-draft.png', fullPage: true });

  // Finalized, the version reads as a grid: visits as columns, procedures as rows.
  await draft.getByRole('button', { name: 'Finalize version' }).click();
  const grid = manager.getByRole('table', { name: 'Schedule of activities grid' });
  await poll(() => grid.getByText('Day 28 from baseline (−3/+3)').count()).toBe(1);
  await poll(() => grid.getByLabel('LAB at W4').count()).toBe(1);
  expect(await grid.getByLabel('LAB at BL').count()).toBe(0);
  await poll(() => manager.getByRole('button', { name: 'Amend version 1.0' }).count()).toBe(1);

  // The consent form that goes with it, and the training every coordinator needs.
  await manager.getByRole('button', { name: 'New consent form version' }).click();
  const icf = manager.getByRole('dialog');
  await icf.getByLabel(/^Version label/).fill('1.0 (English)');
  await icf.getByLabel(/^Protocol version/).selectOption({ label: '1.0 (final)' });
  await icf.getByRole('button', { name: 'Add consent form version' }).click();
  await poll(() => icf.count()).toBe(0);
  await poll(() => manager.getByRole('table', { name: 'Consent form versions' }).getByText('1.0 (English)').count()).toBe(1);
  const training = manager.getByRole('form', { name: 'Add a training requirement' });
  await training.getByLabel('Training').selectOption({ label: 'Protocol' });
  await training.getByLabel(/^Protocol version/).fill('1.0');
  await training.getByRole('button', { name: 'Add requirement' }).click();
  await poll(() => manager.getByRole('table', { name: 'Training requirements' }).getByText(/1\.0/).count()).toBe(1);
  await manager.screenshot({ path: 'test-results/study-setup-protocol.png', fullPage: true });

  // The randomization scheme takes the protocol's arms.
  await manager.getByRole('tab', { name: 'Randomization' }).click();
  await manager.getByRole('button', { name: 'Create the scheme' }).click();
  await poll(() => manager.getByText('Arms ZEN (1) : PBO (1)').count()).toBe(1);

  // At the site: the IRB approvals, then activation.
  await manager.getByRole('tab', { name: /^Sites/ }).click();
  await manager.getByRole('link', { name: 'Lakeshore University Hospital – Oncology' }).click();
  await manager.waitForURL(/\/sites\/[0-9a-f-]{36}$/);
  const studySiteId = manager.url().split('/').pop() ?? '';
  for (const [button, version] of [
    ['Record protocol approval', 'Version 1.0'],
    ['Record consent form approval', '1.0 (English) (en-US)'],
  ] as const) {
    await manager.getByRole('button', { name: button }).click();
    const approval = manager.getByRole('dialog');
    await approval.getByLabel(/version/).selectOption({ label: version });
    await approval.getByRole('button', { name: 'Record approval' }).click();
    await poll(() => approval.count()).toBe(0);
  }
  await poll(() => manager.getByRole('table', { name: 'Protocol approvals' }).getByText('1.0').count()).toBe(1);
  await poll(() => manager.getByRole('table', { name: 'Consent form approvals' }).getByText('en-US').count()).toBe(1);
  await manager.getByRole('button', { name: 'Change status' }).click();
  const status = manager.getByRole('dialog');
  await status.getByLabel(/^New status/).selectOption({ label: 'Active' });
  await status.getByLabel(/^Reason/).fill('IRB approval of protocol 1.0 and consent form 1.0 received');
  await status.getByRole('button', { name: 'Save status' }).click();
  await poll(() => status.count()).toBe(0);
  await manager.screenshot({ path: 'test-results/study-setup-site.png', fullPage: true });

  // The site's coordinator screens the first participant (screening is site work: the study manager holds no participant.write).
  const coordinator = await openPage('coordinator@demo.trialdesk.dev');
  await coordinator.goto(`${studyUrl}?tab=participants`);
  await coordinator.getByRole('button', { name: 'Screen a participant' }).click();
  const screen = coordinator.getByRole('dialog');
  await screen.getByLabel(/^Site/).first().click();
  await coordinator
    .getByRole('listbox', { name: 'Site' })
    .getByRole('option', { name: /^101 ·/ })
    .click();
  await screen.getByRole('button', { name: 'Screen' }).click();
  await coordinator.waitForURL(/\/participants\/[0-9a-f-]{36}$/);
  // The study's default subject number: the site's number, then the site's count.
  await poll(() => coordinator.getByRole('heading', { name: /101-001/ }).count()).toBeGreaterThan(0);

  // Read back: the site is active with both approvals, and has its first participant, screening.
  const read = (path: string) =>
    manager.evaluate(async (url) => (await (await fetch(url)).json()) as { items: Record<string, unknown>[] }, path);
  const participants = await read(`/api/participants?studyId=${studyId}`);
  expect(participants.items).toHaveLength(1);
  expect(participants.items[0]).toMatchObject({ status: 'screening', studySiteId });
  const protocolApprovals = await read(`/api/studies/${studyId}/sites/${studySiteId}/protocol-approvals`);
  expect(protocolApprovals.items.map((a) => a.versionLabel)).toEqual(['1.0']);
  const studySite = (await manager.evaluate(async (url) => (await fetch(url)).json(), `/api/studies/${studyId}/sites/${studySiteId}`)) as {
    status: string;
  };
  expect(studySite.status).toBe('active');

  // An amendment starts as a copy of the final version, to be changed and finalized in turn.
  await manager.goto(`${studyUrl}?tab=protocol`);
  await manager.getByRole('button', { name: 'Amend version 1.0' }).click();
  const amend = manager.getByRole('dialog');
  await amend.getByLabel(/^Version label/).fill('2.0 (Amendment 1)');
  await amend.getByLabel(/^Summary of changes/).fill('Week 4 window widened to ±5 days');
  await amend.getByRole('button', { name: 'Start the amendment' }).click();
  await poll(() => amend.count()).toBe(0);
  const amendment = manager.getByRole('form', { name: 'Draft 2.0 (Amendment 1)' });
  await poll(() => amendment.getByLabel('Visit 3 window after').inputValue()).toBe('3');
  await amendment.getByLabel('Visit 3 window before').fill('5');
  await amendment.getByLabel('Visit 3 window after').fill('5');
  await amendment.getByRole('button', { name: 'Save draft' }).click();
  await poll(() => amendment.getByText('Saved. Finalizing freezes this version for good.').count()).toBe(1);
  const versions = await read(`/api/studies/${studyId}/protocols`);
  expect(versions.items.map((v) => [v.versionLabel, v.status])).toEqual([
    ['2.0 (Amendment 1)', 'draft'],
    ['1.0', 'final'],
  ]);

  // The set-up pages at the two widths the app is checked at.
  for (const width of [1280, 1440]) {
    await manager.setViewportSize({ width, height: 900 });
    await manager.screenshot({ path: `test-results/study-setup-protocol-${width}.png`, fullPage: true });
  }
  await manager.goto(`${studyUrl}/sites/${studySiteId}`);
  await manager.setViewportSize({ width: 1280, height: 900 });
  await poll(() => manager.getByRole('table', { name: 'Protocol approvals' }).count()).toBe(1);
  await manager.screenshot({ path: 'test-results/study-setup-site-1280.png', fullPage: true });
  // Some forty steps through two users' pages: longer than one flow's usual budget.
}, 240_000);
