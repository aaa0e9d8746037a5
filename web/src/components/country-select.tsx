import { Select } from '@mantine/core';
import type { ReactNode } from 'react';
import { countryOptions } from '../lib/countries';

interface CountrySelectProps {
  label?: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: ReactNode;
  required?: boolean;
  clearable?: boolean;
  w?: number | string;
  placeholder?: string;
}

/** Searchable by name or ISO code; the API only ever sees the two-letter code. */
export function CountrySelect({ label = 'Country', clearable = true, ...props }: CountrySelectProps) {
  return (
    <Select
      label={label}
      data={countryOptions}
      searchable
      clearable={clearable}
      nothingFoundMessage="No such country"
      limit={300}
      comboboxProps={{ withinPortal: true }}
      {...props}
      onChange={props.onChange}
    />
  );
}
