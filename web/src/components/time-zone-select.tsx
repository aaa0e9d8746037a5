import { Select } from '@mantine/core';
import type { ReactNode } from 'react';
import { timeZoneOptions } from '../lib/time-zones';

interface TimeZoneSelectProps {
  value: string | null;
  onChange: (value: string | null) => void;
  error?: ReactNode;
  required?: boolean;
}

export function TimeZoneSelect(props: TimeZoneSelectProps) {
  return (
    <Select
      label="Time zone"
      data={timeZoneOptions}
      searchable
      limit={100}
      nothingFoundMessage="No such time zone"
      placeholder="Type to search, e.g. Berlin"
      {...props}
    />
  );
}
