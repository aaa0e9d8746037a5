import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test/render';
import { AddStaffModal } from './add-staff-modal';

const siteId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

function openAt(timeZone: string) {
  renderWithApp(<AddStaffModal siteId={siteId} timeZone={timeZone} opened onClose={() => {}} />);
  return screen.getByLabelText(/Start date/) as HTMLInputElement;
}

// Only Date is fixed: Mantine's and the user's timers run as they do in the browser.
beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
afterEach(() => vi.useRealTimers());

describe('Adding staff to a site', () => {
  it('starts the role on the site’s today in Los Angeles, not on the UTC day already begun', () => {
    // 03:30 UTC on 6 December is 19:30 on the 5th in Los Angeles.
    vi.setSystemTime(new Date('2026-12-06T03:30:00.000Z'));
    expect(openAt('America/Los_Angeles').value).toBe('2026-12-05');
  });

  it('starts the role on the site’s today in Auckland, where the UTC day has not begun', () => {
    // 11:30 UTC on 5 December is 00:30 on the 6th in Auckland.
    vi.setSystemTime(new Date('2026-12-05T11:30:00.000Z'));
    expect(openAt('Pacific/Auckland').value).toBe('2026-12-06');
  });
});
