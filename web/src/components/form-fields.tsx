import { Textarea, TextInput } from '@mantine/core';
import type { ComponentProps } from 'react';
import { isIsoDay } from '../lib/dates';

/**
 * A calendar day typed as ISO 'YYYY-MM-DD', the one day format of the web app. Not the browser's
 * native date picker: it shows mm/dd or dd/mm by the browser's locale, which is ambiguous across
 * sites. The value goes to the API as typed, never through a time zone.
 */
export function DateField({ description, ...props }: Omit<ComponentProps<typeof TextInput>, 'type'>) {
  return (
    <TextInput
      placeholder="YYYY-MM-DD"
      maxLength={10}
      inputMode="numeric"
      autoComplete="off"
      description={description ?? 'YYYY-MM-DD'}
      w={{ base: '100%', xs: 200 }}
      {...props}
    />
  );
}

/** 'Use YYYY-MM-DD' for a day that is not one, for a form's validate; null for a real day or an empty optional one. */
export const dayError = (value: string | null | undefined): string | null =>
  !value || isIsoDay(value) ? null : 'Write the date as YYYY-MM-DD.';

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
