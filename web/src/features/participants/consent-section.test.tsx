import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ListItem } from '../../app/api-types';
import { formatDay } from '../../lib/dates';
import { fakeApi, ok, problem } from '../../test/fake-api';
import { answerSession, participantPage } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { ConsentSection } from './consent-section';

type DelegationEntry = ListItem<'/api/studies/{id}/sites/{studySiteId}/delegation'>;
type StaffMember = ListItem<'/api/sites/{id}/staff'>;

const page = participantPage();
const { studySite } = page;
const icfV2 = '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b';
const clara = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const otto = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';
const ottoWhyNot = 'Training "GCP refresher" expired on 2026-02-28.';

const staffMember = (personId: string, personName: string): StaffMember => ({
  id: `${personId.slice(0, 8)}-0000-4000-8000-000000000001`,
  personId,
  personName,
  siteId: studySite.siteId,
  siteName: studySite.siteName,
  siteTimeZone: studySite.timeZone,
  role: 'study_coordinator',
  professionalTitle: null,
  startDate: '2020-01-01',
  endDate: null,
  createdAt: '2020-01-01T08:00:00.000Z',
  updatedAt: '2020-01-01T08:00:00.000Z',
  version: 1,
});

const delegated = (personId: string, personName: string, valid: boolean, reasons: string[]): DelegationEntry => ({
  id: `${personId.slice(0, 8)}-0000-4000-8000-000000000002`,
  personId,
  personName,
  studyId: studySite.studyId,
  studySiteId: studySite.id,
  startDate: '2026-01-15',
  endDate: null,
  asOf: '2026-03-02',
  contentHash: 'sha256:0',
  signatures: [],
  tasks: [{ code: 'obtain_consent', label: 'Obtain informed consent' }],
  taskValidity: [{ code: 'obtain_consent', label: 'Obtain informed consent', valid, reasons }],
  valid,
  reasons,
  createdAt: '2026-01-15T08:00:00.000Z',
  updatedAt: '2026-01-15T08:00:00.000Z',
  version: 1,
});

/** Site DE01: consent form v2.0 (German) approved on 1 February; Clara may obtain consent, Otto's training has lapsed. */
function openConsentDialog() {
  const server = fakeApi();
  answerSession(server, ['participant.read', 'participant.write']);
  server.on(
    'get',
    '/api/studies/{id}/sites/{studySiteId}/icf-approvals',
    ok<'/api/studies/{id}/sites/{studySiteId}/icf-approvals'>({
      items: [
        {
          id: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
          icfVersionId: icfV2,
          versionLabel: 'v2.0',
          language: 'de',
          approvedOn: '2026-02-01',
          reason: null,
          studySiteId: studySite.id,
          recordedAt: '2026-02-01T08:00:00.000Z',
          recordedByUserId: null,
        },
      ],
    }),
  );
  server.on(
    'get',
    '/api/sites/{id}/staff',
    ok<'/api/sites/{id}/staff'>({ items: [staffMember(clara, 'Clara Coordinator'), staffMember(otto, 'Otto Nurse')] }),
  );
  server.on('get', '/api/studies/{id}/sites/{studySiteId}/delegation', (request) =>
    ok<'/api/studies/{id}/sites/{studySiteId}/delegation'>({
      asOf: request.query.get('on') ?? '',
      items: [delegated(clara, 'Clara Coordinator', true, []), delegated(otto, 'Otto Nurse', false, [ottoWhyNot])],
    }),
  );
  const { user } = renderWithApp(<ConsentSection page={page} etag='"4"' />);
  return { server, user };
}

async function startRecording(user: ReturnType<typeof openConsentDialog>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Record consent' }));
  const dialog = await screen.findByRole('dialog', { name: 'Record consent' });
  fireEvent.change(within(dialog).getByLabelText(/Consented at/), { target: { value: '2026-03-02 10:30' } });
  return dialog;
}

describe('Recording consent', () => {
  it('marks who may not obtain consent on that day, with the reason', async () => {
    const { user } = openConsentDialog();
    const dialog = await startRecording(user);

    await user.click(within(dialog).getByLabelText(/Obtained by/, { selector: 'input' }));
    const marked = await screen.findByRole('option', {
      name: new RegExp(`Otto Nurse \\(may not obtain consent on ${formatDay('2026-03-02')}\\)`),
    });
    expect(within(marked).getByText(ottoWhyNot)).toBeTruthy();
    expect(marked.hasAttribute('data-combobox-disabled')).toBe(true);
    const allowed = screen.getByRole('option', { name: 'Clara Coordinator' });
    expect(allowed.hasAttribute('data-combobox-disabled')).toBe(false);
  });

  it('refuses a missing form version, time or person, and sends nothing', async () => {
    const { server, user } = openConsentDialog();
    const dialog = await startRecording(user);
    fireEvent.change(within(dialog).getByLabelText(/Consented at/), { target: { value: '' } });

    await user.click(within(dialog).getByRole('button', { name: 'Record consent' }));

    expect(await within(dialog).findByText('Choose the consent form version.')).toBeTruthy();
    expect(within(dialog).getByText('When was consent given?')).toBeTruthy();
    expect(within(dialog).getByText('Who obtained consent?')).toBeTruthy();
    expect(server.writes()).toEqual([]);
  });

  it("sends the consent and shows the API's refusal in words", async () => {
    const { server, user } = openConsentDialog();
    const refusal = 'Clara Coordinator was not delegated "Obtain informed consent" at DE01 on 2026-03-02.';
    server.on('post', '/api/participants/{id}/consents', problem({ title: 'Unprocessable content', status: 422, detail: refusal }));
    const dialog = await startRecording(user);

    await user.click(within(dialog).getByLabelText(/Consent form version/, { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: /v2\.0 · approved/ }));
    await user.click(within(dialog).getByLabelText(/Obtained by/, { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'Clara Coordinator' }));
    await user.click(within(dialog).getByRole('button', { name: 'Record consent' }));

    expect(await within(dialog).findByText(refusal)).toBeTruthy();
    await waitFor(() => expect(server.writes()).toHaveLength(1));
    const [sent] = server.writes();
    expect(sent?.headers.get('If-Match')).toBe('"4"');
    expect(sent?.body).toEqual({
      icfVersionId: icfV2,
      // Typed as the site's time: 10:30 in Berlin on 2 March is 09:30 UTC (CET, UTC+1).
      consentedAt: '2026-03-02T09:30:00.000Z',
      obtainedByPersonId: clara,
    });
  });
});
