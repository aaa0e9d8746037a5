import { Select } from '@mantine/core';
import { type ReactNode, useMemo } from 'react';
import { useTmfArtifacts } from './document-api';

interface ArtifactSelectProps {
  value: string | null;
  onChange: (value: string | null) => void;
  error?: ReactNode;
  /** Only artifacts the TMF Reference Model files at site level. */
  siteLevelOnly?: boolean;
  label?: string;
  description?: ReactNode;
  required?: boolean;
}

/** The TMF Reference Model artifacts by zone, searchable by number ("05.02") or by name ("CV"). */
export function ArtifactSelect({ siteLevelOnly, label = 'TMF artifact', ...props }: ArtifactSelectProps) {
  const artifacts = useTmfArtifacts();
  const data = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const artifact of artifacts.data ?? []) {
      if (siteLevelOnly && !artifact.siteLevel) continue;
      const group = `${artifact.zoneNumber.padStart(2, '0')} ${artifact.zoneName}`;
      const items = groups.get(group) ?? [];
      items.push({ value: artifact.artifactNumber, label: `${artifact.artifactNumber} ${artifact.name}` });
      groups.set(group, items);
    }
    return [...groups].map(([group, items]) => ({ group, items }));
  }, [artifacts.data, siteLevelOnly]);
  return (
    <Select
      label={label}
      placeholder={artifacts.isPending ? 'Loading the TMF Reference Model…' : 'Type a number or a name, e.g. 05.02 or CV'}
      data={data}
      searchable
      limit={300}
      maxDropdownHeight={320}
      nothingFoundMessage="No artifact matches"
      {...props}
    />
  );
}
