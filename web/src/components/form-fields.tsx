import { Textarea, TextInput } from '@mantine/core';
import type { ComponentProps } from 'react';

/**
 * A calendar date as the browser's native date input: its value is already 'YYYY-MM-DD', so the
 * date is never shifted through a time zone on the way to the API.
 */
export function DateField(props: Omit<ComponentProps<typeof TextInput>, 'type'>) {
  return <TextInput type="date" w={{ base: '100%', xs: 200 }} {...props} />;
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
