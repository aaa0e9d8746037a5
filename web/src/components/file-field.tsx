import { Input } from '@mantine/core';
import { useId } from '@mantine/hooks';
import type { ReactNode } from 'react';

interface FileFieldProps {
  label: string;
  description?: ReactNode;
  accept?: string;
  required?: boolean;
  error?: ReactNode;
  disabled?: boolean;
  onChange: (file: File | null) => void;
}

/**
 * A file picker that is a real, labelled <input type="file">: screen readers announce it by its
 * label and browser tests can set its files by that label (Mantine's FileInput labels a button).
 */
export function FileField({ label, description, accept, required, error, disabled, onChange }: FileFieldProps) {
  const id = useId();
  return (
    <Input.Wrapper id={id} label={label} description={description} error={error} required={required}>
      <Input
        component="input"
        type="file"
        id={id}
        accept={accept}
        required={required}
        disabled={disabled}
        error={error}
        aria-invalid={Boolean(error) || undefined}
        styles={{ input: { paddingTop: 6, cursor: 'pointer' } }}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.currentTarget.files?.[0] ?? null)}
      />
    </Input.Wrapper>
  );
}
