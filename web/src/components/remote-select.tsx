import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';

export interface RemoteOption {
  value: string;
  label: string;
}

interface RemoteSelectProps {
  label: string;
  /** Distinguishes the cache of one kind of search from another. */
  queryKey: readonly unknown[];
  search: (q: string, signal: AbortSignal) => Promise<RemoteOption[]>;
  value: string | null;
  onChange: (value: string | null, option: RemoteOption | null) => void;
  /** The label of the current value, when it is not among the first results. */
  selectedLabel?: string | null;
  description?: ReactNode;
  error?: ReactNode;
  required?: boolean;
  clearable?: boolean;
  placeholder?: string;
  disabled?: boolean;
}

/** A select whose options come from a server-side search, for lists too long to load whole. */
export function RemoteSelect({ queryKey, search, value, onChange, selectedLabel, ...props }: RemoteSelectProps) {
  const [searchText, setSearchText] = useState('');
  const [picked, setPicked] = useState<RemoteOption | null>(null);
  const [debounced] = useDebouncedValue(searchText, 250);
  // While the box shows the chosen label, search for everything rather than for that label.
  const q = picked && debounced === picked.label ? '' : debounced;
  const results = useQuery({
    queryKey: [...queryKey, 'options', q],
    queryFn: ({ signal }) => search(q, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  const data = useMemo(() => {
    const options = [...(results.data ?? [])];
    const current = picked?.value === value ? picked : value && selectedLabel ? { value, label: selectedLabel } : null;
    if (current && !options.some((option) => option.value === current.value)) options.unshift(current);
    return options;
  }, [results.data, picked, value, selectedLabel]);

  return (
    <Select
      {...props}
      data={data}
      value={value}
      searchable
      searchValue={searchText}
      onSearchChange={setSearchText}
      // The server already filtered by the search text; filtering again would hide fuzzy matches.
      filter={({ options }) => options}
      onChange={(next) => {
        const option = data.find((candidate) => candidate.value === next) ?? null;
        setPicked(option);
        onChange(next, option);
      }}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'No matches'}
      rightSection={results.isFetching ? <Loader size={14} /> : undefined}
    />
  );
}
