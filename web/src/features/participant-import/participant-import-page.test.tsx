import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { type FakeApi, fakeApi, json, ok } from '../../test/fake-api';
import { answerSession, participantPage } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import type { ImportJob } from './participant-import-api';
import { ParticipantImportPage } from './participant-import-page';

const { studySite } = participantPage();
const importsPath = `/api/studies/${studySite.studyId}/sites/${studySite.id}/participant-imports`;

const job = (overrides: Partial<ImportJob>): ImportJob => ({
  id: '8e9f0a1b-2c3d-4e4f-9a5b-6c7d8e9f0a1b',
  studyId: studySite.studyId,
  studySiteId: studySite.id,
  dryRun: true,
  status: 'checking',
  rowsTotal: 40,
  rowsChecked: 0,
  rowsWritten: 0,
  result: null,
  problem: null,
  createdAt: '2026-03-01T09:00:00.000Z',
  finishedAt: null,
  ...overrides,
});

const result = { dryRun: true, participants: 40, consents: 40, visitsScheduled: 320, visitsRecorded: 0, subjectNumbers: [] };

/** The import page of site DE01 for a coordinator; the upload answers `started`, then each poll the next of `polls`. */
function openImport(
  started: (dryRun: boolean) => ImportJob,
  polls: ImportJob[],
): { server: FakeApi; user: ReturnType<typeof renderWithApp>['user'] } {
  const server = fakeApi();
  answerSession(server, ['participant.read', 'participant.write']);
  server.on('get', '/api/studies/{id}/sites/{studySiteId}', ok<'/api/studies/{id}/sites/{studySiteId}'>(studySite));
  server.on('post', '/api/studies/{id}/sites/{studySiteId}/participant-imports', (request) =>
    json<ImportJob>(started((request.body as Record<string, string>).dryRun === 'true'), 202),
  );
  const queue = [...polls];
  server.on('get', '/api/participant-imports/{jobId}', () =>
    ok<'/api/participant-imports/{jobId}'>(queue.length > 1 ? (queue.shift() as ImportJob) : (queue[0] as ImportJob)),
  );
  const { user } = renderWithApp(<ParticipantImportPage />, {
    path: '/studies/:studyId/sites/:studySiteId/participant-import',
    route: `/studies/${studySite.studyId}/sites/${studySite.id}/participant-import`,
  });
  return { server, user };
}

const csv = (name: string) => new File(['subject_number,status,screened_on\nDE01-001,screening,2026-02-02\n'], name, { type: 'text/csv' });
const button = (name: string) => screen.getByRole('button', { name });

describe('Importing participants', () => {
  it('needs the participants file, checks it as a dry run with progress, and imports only a file checked clean', async () => {
    const { server, user } = openImport(
      (dryRun) => job({ dryRun, status: 'checking', rowsChecked: 12 }),
      [
        job({ status: 'writing', rowsChecked: 40, rowsWritten: 25 }),
        job({ status: 'succeeded', rowsChecked: 40, rowsWritten: 40, result }),
      ],
    );
    const picker = await screen.findByLabelText(/Participants file/);
    expect(button('Check').hasAttribute('disabled')).toBe(true);
    expect(button('Import').hasAttribute('disabled')).toBe(true);

    await user.upload(picker, csv('site-de01.csv'));
    expect(screen.getByText(/site-de01\.csv: \d+ bytes/)).toBeTruthy();
    await user.click(button('Check'));

    // Rows checked, then rows tried: each is half the bar.
    expect(await screen.findByText('12 rows checked / 0 rows tried of 40')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Checking progress' }).getAttribute('aria-valuenow')).toBe('15');
    expect(await screen.findByText('40 rows checked / 25 rows tried of 40')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Checking progress' }).getAttribute('aria-valuenow')).toBe('81');

    expect(await screen.findByText('No problems found')).toBeTruthy();
    expect(await screen.findByText(/Importing will add 40 participants, 40 consents and 320 visits/)).toBeTruthy();
    await waitFor(() => expect(button('Import').hasAttribute('disabled')).toBe(false));

    await user.click(button('Import'));
    await waitFor(() => expect(server.writes()).toHaveLength(2));
    expect(server.writes().map((request) => [request.path, request.body])).toEqual([
      [importsPath, { dryRun: 'true', participants: 'site-de01.csv' }],
      [importsPath, { dryRun: 'false', participants: 'site-de01.csv' }],
    ]);
  });

  it("lists each problem of a failed check by file, row and column, from the job's 400 problem", async () => {
    const failed = job({
      status: 'failed',
      rowsChecked: 40,
      problem: {
        type: 'https://trialdesk.dev/problems/validation',
        title: 'The files have problems',
        status: 400,
        detail: 'Found 2 problems in the files.',
        errors: [
          {
            pointer: '/visitsCsv',
            row: 7,
            column: 'visit_code',
            detail: 'Row 7, column visit_code: V9 is not a visit of the protocol in force.',
          },
          { pointer: '/participantsCsv', row: 3, column: 'screened_on', detail: 'Row 3, column screened_on: 2026-02-30 is not a date.' },
        ],
      },
    });
    const { server, user } = openImport(() => job({ status: 'checking' }), [failed]);
    await user.upload(await screen.findByLabelText(/Participants file/), csv('site-de01.csv'));
    await user.upload(screen.getByLabelText(/Visits file/), csv('visits.csv'));
    await user.click(button('Check'));

    expect(await screen.findByText('Fix these problems, then check again')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Problems in the files' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      );
    expect(rows).toEqual([
      ['Participants', '3', 'screened_on', '2026-02-30 is not a date.'],
      ['Visits', '7', 'visit_code', 'V9 is not a visit of the protocol in force.'],
    ]);
    expect(button('Import').hasAttribute('disabled')).toBe(true);
    expect(server.writes()).toHaveLength(1);
  });
});
