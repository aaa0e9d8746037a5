import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, ok, problem } from '../../test/fake-api';
import { answerSession, participantPage } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { EligibilitySection } from './eligibility-section';
import type { CriterionAnswer, ParticipantPage } from './participant-types';

const criterion = (kind: CriterionAnswer['kind'], number: number, text: string, met: boolean | null = null): CriterionAnswer => ({
  criterionId: `${kind === 'inclusion' ? '1' : '2'}${number}aaaaaa-0000-4000-8000-000000000000`,
  kind,
  number,
  text,
  met,
  note: null,
  answeredAt: met === null ? null : '2026-03-01T09:00:00.000Z',
  answeredByUserId: met === null ? null : '0b6f2f3e-7d4a-4c1b-9e8f-2a3b4c5d6e7f',
});

function pageWith(answers: [boolean | null, boolean | null, boolean | null]): ParticipantPage {
  const base = participantPage();
  return participantPage({
    eligibility: {
      ...base.eligibility,
      criteria: [
        criterion('inclusion', 1, 'Aged 18 to 75 years', answers[0]),
        criterion('inclusion', 2, 'Documented heart failure, NYHA II–III', answers[1]),
        criterion('exclusion', 1, 'Myocardial infarction in the past 3 months', answers[2]),
      ],
    },
  });
}

function show(page: ParticipantPage, permissions: Parameters<typeof answerSession>[1]) {
  const server = fakeApi();
  answerSession(server, permissions);
  const { user } = renderWithApp(<EligibilitySection page={page} etag='"4"' />);
  return { server, user };
}

const confirmButton = () => screen.findByRole('button', { name: 'Confirm eligibility' });
const isDisabled = (element: HTMLElement) => element.hasAttribute('disabled');

describe('Eligibility', () => {
  it('cannot be confirmed until every criterion is answered and saved', async () => {
    const { server, user } = show(pageWith([true, null, null]), ['participant.write', 'eligibility.confirm']);
    server.on('post', '/api/participants/{id}/eligibility-answers', ok<'/api/participants/{id}', 'get'>(pageWith([true, true, false])));

    expect(await screen.findByText('2 of 3 criteria still to answer.')).toBeTruthy();
    expect(isDisabled(await confirmButton())).toBe(true);
    expect(isDisabled(screen.getByRole('button', { name: 'Save answers' }))).toBe(true);

    await user.click(within(screen.getByRole('radiogroup', { name: 'Inclusion 2' })).getByLabelText('Met'));
    await user.click(within(screen.getByRole('radiogroup', { name: 'Exclusion 1' })).getByLabelText('Not met'));
    // Answered on screen but not saved: the investigator would sign answers the record does not hold.
    expect(screen.getByText('Save the answers before confirming eligibility.')).toBeTruthy();
    expect(isDisabled(await confirmButton())).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Save answers' }));
    await waitFor(() => expect(server.writes()).toHaveLength(1));
    const [saved] = server.writes();
    expect(saved?.headers.get('If-Match')).toBe('"4"');
    expect(saved?.body).toEqual({
      answers: [
        { criterionId: criterion('inclusion', 1, '').criterionId, met: true, note: null },
        { criterionId: criterion('inclusion', 2, '').criterionId, met: true, note: null },
        { criterionId: criterion('exclusion', 1, '').criterionId, met: false, note: null },
      ],
    });
  });

  it('says in words whether the answers make the participant eligible, and which criterion fails', async () => {
    show(pageWith([true, true, false]), ['participant.write', 'eligibility.confirm']);
    expect(await screen.findByText('Every criterion answered: all inclusion met, no exclusion met.')).toBeTruthy();
    expect(isDisabled(await confirmButton())).toBe(false);
  });

  it('names the failing criteria: an inclusion not met, an exclusion met', async () => {
    show(pageWith([true, false, true]), ['participant.write', 'eligibility.confirm']);
    expect(await screen.findByText('Not eligible: I2, E1.')).toBeTruthy();
    expect(isDisabled(await confirmButton())).toBe(true);
  });

  it("takes the investigator's confirmation only with a password, and shows a refusal in words", async () => {
    const { server, user } = show(pageWith([true, true, false]), ['eligibility.confirm']);
    server.on(
      'post',
      '/api/participants/{id}/eligibility-confirmation',
      problem({ title: 'Forbidden', status: 403, detail: 'You are not delegated "Assess eligibility" at DE01 today.' }),
    );

    await user.click(await confirmButton());
    const dialog = await screen.findByRole('dialog', { name: 'Confirm eligibility' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign' }));
    expect(await within(dialog).findByText('Enter your password to sign.')).toBeTruthy();
    expect(server.writes()).toEqual([]);

    await user.type(within(dialog).getByLabelText(/Password/), 'trialdesk-demo');
    await user.click(within(dialog).getByRole('button', { name: 'Sign' }));
    expect(await within(dialog).findByText('You are not delegated "Assess eligibility" at DE01 today.')).toBeTruthy();
    expect(server.writes().map((request) => request.body)).toEqual([{ password: 'trialdesk-demo' }]);
  });
});
