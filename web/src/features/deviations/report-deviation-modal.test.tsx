import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, ok } from '../../test/fake-api';
import { renderWithApp } from '../../test/render';
import { ReportDeviationModal } from './report-deviation-modal';

const participantId = 'c2a1d7e4-8b3f-4f0e-9d6a-1e2b3c4d5e6f';

function openAt(timeZone: string) {
  fakeApi().on('get', '/api/participants/{id}/visits', ok<'/api/participants/{id}/visits'>({ items: [] }));
  renderWithApp(
    <ReportDeviationModal participantId={participantId} subjectNumber="NZ01-004" timeZone={timeZone} opened onClose={() => {}} />,
  );
  return screen.getByLabelText(/Occurred on/) as HTMLInputElement;
}

// Only Date is fixed: Mantine's and the user's timers run as they do in the browser.
beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
afterEach(() => vi.useRealTimers());

describe('Reporting a deviation', () => {
  it('dates it the site’s today in Auckland, a day ahead of UTC', () => {
    vi.setSystemTime(new Date('2026-12-05T23:30:00.000Z'));
    expect(openAt('Pacific/Auckland').value).toBe('2026-12-06');
  });

  it('dates it the site’s today in Los Angeles, still the day before UTC', () => {
    vi.setSystemTime(new Date('2026-12-06T00:30:00.000Z'));
    expect(openAt('America/Los_Angeles').value).toBe('2026-12-05');
  });
});
