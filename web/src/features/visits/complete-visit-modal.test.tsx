import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatDay } from '../../lib/dates';
import { fakeApi, ok, problem } from '../../test/fake-api';
import { renderWithApp } from '../../test/render';
import { CompleteVisitModal } from './complete-visit-modal';
import type { ParticipantVisit } from './visit-api';

const visit: ParticipantVisit = {
  id: '6f1c1c8e-0a52-4c1e-9a57-3c1f4a0d2b11',
  participantId: 'c2a1d7e4-8b3f-4f0e-9d6a-1e2b3c4d5e6f',
  studySiteId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  protocolVersionId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
  protocolVisitId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
  code: 'V2',
  name: 'Week 4',
  kind: 'treatment',
  sequence: 2,
  status: 'scheduled',
  targetDate: '2026-03-04',
  windowStart: '2026-03-02',
  windowEnd: '2026-03-06',
  actualDate: null,
  appointment: null,
  completedAt: null,
  completedByUserId: null,
  deviationIds: [],
  notes: null,
  siteTimeZone: 'Europe/Berlin',
  procedures: [
    { code: 'VITALS', name: 'Vital signs', required: true, done: null, notDoneReason: null },
    { code: 'ECG', name: '12-lead ECG', required: true, done: null, notDoneReason: null },
  ],
  createdAt: '2026-02-01T09:00:00.000Z',
  updatedAt: '2026-02-01T09:00:00.000Z',
  version: 3,
};

const outOfWindow = 'Visit V2 (Week 4) completed on 2026-03-20, outside its window 2026-03-02 to 2026-03-06.';

/** The API as the completion dialog meets it: the preview says 20 March is outside the window. */
function visitApi() {
  const server = fakeApi();
  server.on('get', '/api/participant-visits/{id}/completion-preview', (request) => {
    const actualDate = request.query.get('actualDate') ?? '';
    return ok<'/api/participant-visits/{id}/completion-preview'>({
      actualDate,
      deviations: actualDate === '2026-03-20' ? [{ category: 'visit_out_of_window', description: outOfWindow }] : [],
    });
  });
  return server;
}

function openDialog() {
  return renderWithApp(<CompleteVisitModal visit={visit} subjectNumber="DE01-007" onClose={() => {}} />);
}

const actualDate = () => screen.getByLabelText(/Actual date/);
const answer = async (user: ReturnType<typeof openDialog>['user'], procedure: string, choice: 'Done' | 'Not done') =>
  user.click(within(screen.getByRole('radiogroup', { name: `${procedure} done` })).getByLabelText(choice));

describe('Completing a visit', () => {
  it('warns, before saving, of the deviation the preview says an out-of-window day records', async () => {
    visitApi();
    openDialog();
    expect(screen.getByText(new RegExp(`window ${formatDay('2026-03-02')} – ${formatDay('2026-03-06')}`))).toBeTruthy();

    fireEvent.change(actualDate(), { target: { value: '2026-03-20' } });

    const warning = await screen.findByTestId('completion-deviation-warning');
    expect(within(warning).getByText('Saving will record a protocol deviation')).toBeTruthy();
    expect(within(warning).getByText(outOfWindow)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Complete visit and record the deviation' })).toBeTruthy();

    // Back inside the window: no warning, the plain action.
    fireEvent.change(actualDate(), { target: { value: '2026-03-04' } });
    await waitFor(() => expect(screen.queryByTestId('completion-deviation-warning')).toBeNull());
    expect(screen.getByRole('button', { name: 'Complete visit' })).toBeTruthy();
  });

  it('asks for every procedure, and why one was not done, and sends nothing until answered', async () => {
    const server = visitApi();
    const { user } = openDialog();

    await user.click(screen.getByRole('button', { name: 'Complete visit' }));
    expect(await screen.findAllByText('Done or not done?')).toHaveLength(2);

    await answer(user, 'Vital signs', 'Done');
    await answer(user, '12-lead ECG', 'Not done');
    await user.click(screen.getByRole('button', { name: 'Complete visit' }));
    expect(await screen.findByText('Say why it was not done.')).toBeTruthy();

    fireEvent.change(actualDate(), { target: { value: '' } });
    await user.click(screen.getByRole('button', { name: 'Complete visit' }));
    expect(await screen.findByText('Enter the day of the visit.')).toBeTruthy();

    expect(server.writes()).toEqual([]);
  });

  it("sends the answers and shows the API's field error next to its field", async () => {
    const server = visitApi();
    server.on(
      'post',
      '/api/participant-visits/{id}/completion',
      problem({
        title: 'Invalid request',
        status: 422,
        detail: 'The visit cannot be completed on that day.',
        errors: [{ pointer: '/actualDate', detail: 'The visit day is before the participant consented (2026-03-03).' }],
      }),
    );
    const { user } = openDialog();
    fireEvent.change(actualDate(), { target: { value: '2026-03-02' } });
    await answer(user, 'Vital signs', 'Done');
    await answer(user, '12-lead ECG', 'Not done');
    await user.type(screen.getByLabelText('Why 12-lead ECG was not done'), 'Machine out of service');

    await user.click(screen.getByRole('button', { name: 'Complete visit' }));

    const fieldError = await screen.findByText('The visit day is before the participant consented (2026-03-03).');
    expect(actualDate().getAttribute('aria-invalid')).toBe('true');
    expect(actualDate().getAttribute('aria-describedby')?.split(' ')).toContain(fieldError.id);
    const [sent] = server.writes();
    expect(sent?.headers.get('If-Match')).toBe('"3"');
    expect(sent?.body).toEqual({
      actualDate: '2026-03-02',
      notes: null,
      procedures: [
        { code: 'VITALS', done: true, notDoneReason: null },
        { code: 'ECG', done: false, notDoneReason: 'Machine out of service' },
      ],
    });
  });
});
