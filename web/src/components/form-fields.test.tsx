import { useForm } from '@mantine/form';
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AsOf } from '../lib/dates';
import { renderWithApp } from '../test/render';
import { DateField } from './form-fields';

/** A form with one day, and an error of its own when asked for one (as a form's validate or the API gives). */
function DayForm({ formError }: { formError?: string }) {
  const form = useForm({ initialValues: { on: '' } });
  const props = form.getInputProps('on');
  return <DateField label="Start date" {...props} error={formError ?? props.error} />;
}

const field = () => screen.getByLabelText('Start date');
const notADay = /Not a real day: write it as YYYY-MM-DD/;

describe('DateField', () => {
  it('names a typed day that is not a real day under the field when the field is left', () => {
    renderWithApp(<DayForm />);
    fireEvent.change(field(), { target: { value: '2026-02-30' } });
    // Not while typing: the day may be half written.
    expect(screen.queryByText(notADay)).toBeNull();
    fireEvent.blur(field());
    expect(screen.getByText(notADay)).toBeTruthy();
    expect(field().getAttribute('aria-invalid')).toBe('true');

    // Typing again clears it; a real day leaves no message.
    fireEvent.change(field(), { target: { value: '2026-02-28' } });
    expect(screen.queryByText(notADay)).toBeNull();
    fireEvent.blur(field());
    expect(screen.queryByText(notADay)).toBeNull();
  });

  it('takes a day in a locale’s order for what it is: not a day', () => {
    renderWithApp(<DayForm />);
    fireEvent.change(field(), { target: { value: '31/03/2026' } });
    fireEvent.blur(field());
    expect(screen.getByText(notADay)).toBeTruthy();
  });

  it('leaves an empty field to the form, and shows the form’s own error rather than its own', () => {
    renderWithApp(<DayForm />);
    fireEvent.blur(field());
    expect(screen.queryByText(notADay)).toBeNull();

    renderWithApp(<DayForm formError="The end cannot come before the start." />);
    const [, second] = screen.getAllByLabelText('Start date');
    fireEvent.change(second as HTMLElement, { target: { value: '2026-13-01' } });
    fireEvent.blur(second as HTMLElement);
    expect(screen.getByText('The end cannot come before the start.')).toBeTruthy();
    expect(screen.queryByText(notADay)).toBeNull();
  });
});

describe('AsOf', () => {
  const readAt = Date.parse('2026-12-05T23:30:00.000Z');

  it('shows when a site’s statuses were read as the site’s time with its zone named', () => {
    renderWithApp(
      <p data-testid="caption">
        <AsOf label="Validity as of" readAt={readAt} zone="Pacific/Auckland" />
      </p>,
    );
    expect(screen.getByTestId('caption').textContent).toBe('Validity as of 2026-12-06 12:30 GMT+13 (Pacific/Auckland)');
    expect(screen.getByTestId('caption').querySelector('time')?.getAttribute('dateTime')).toBe('2026-12-05T23:30:00.000Z');
  });

  it('shows UTC named as UTC on a page across sites', () => {
    renderWithApp(
      <p data-testid="caption">
        <AsOf readAt={readAt} />
      </p>,
    );
    expect(screen.getByTestId('caption').textContent).toBe('As of 2026-12-05 23:30 UTC');
  });
});
