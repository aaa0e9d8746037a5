import { Textarea, TextInput } from '@mantine/core';
import { type ComponentProps, type FocusEvent, useState } from 'react';
import { isIsoDay } from '../lib/dates';

/** The message under a date field whose text is not a real day; null for a real day or an empty field. */
const dayError = (value: unknown): string | null =>
  typeof value !== 'string' || !value || isIsoDay(value) ? null : 'Not a real day: write it as YYYY-MM-DD (e.g. 2026-03-31).';

/**
 * A calendar day typed as ISO 'YYYY-MM-DD', the one day format of the web app. Not the browser's
 * native date picker: it shows mm/dd or dd/mm by the browser's locale, which is ambiguous across
 * sites. The value goes to the API as typed, never through a time zone.
 *
 * The field checks the day itself when it is left: a typo ('2026-02-30', '31/03/2026') is named
 * under it before the form is sent, so no form repeats that check. A form's own error (required,
 * end before start, or the server's answer) takes precedence.
 */
export function DateField({ description, error, onBlur, onChange, ...props }: Omit<ComponentProps<typeof TextInput>, 'type'>) {
  const [left, setLeft] = useState(false);
  const notADay = dayError(props.value);
  return (
    <TextInput
      placeholder="YYYY-MM-DD"
      maxLength={10}
      inputMode="numeric"
      autoComplete="off"
      description={description ?? 'YYYY-MM-DD'}
      w={{ base: '100%', xs: 200 }}
      {...props}
      error={error || (left ? notADay : null)}
      onBlur={(event: FocusEvent<HTMLInputElement>) => {
        setLeft(true);
        onBlur?.(event);
      }}
      onChange={(event) => {
        setLeft(false);
        onChange?.(event);
      }}
    />
  );
}

/** Why a change was made: recorded with it in the audit trail. */
export function ReasonField({ required, ...props }: Omit<ComponentProps<typeof Textarea>, 'label'> & { required?: boolean }) {
  return (
    <Textarea
      label="Reason"
      description={required ? 'Required: recorded in the audit trail' : 'Optional: recorded in the audit trail with the change'}
      autosize
      minRows={2}
      maxLength={1000}
      required={required}
      {...props}
    />
  );
}

/** '' from an empty number input becomes null, which clears the field in the API. */
export const numberOrNull = (value: number | string): number | null =>
  typeof value === 'number' ? value : value === '' ? null : Number(value);
