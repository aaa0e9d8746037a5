import { Badge } from '@mantine/core';
import { colorOf, type EnumOption, labelOf } from '../lib/enum-labels';

// Mantine truncates badge labels to the cell width; a status cut to "Enrollment…" is unreadable.
const noTruncation = { root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } } as const;

export function StatusBadge<T extends string>({ options, value }: { options: readonly EnumOption<T>[]; value: T }) {
  return (
    <Badge color={colorOf(options, value)} variant="light" radius="sm" tt="none" size="md" styles={noTruncation}>
      {labelOf(options, value)}
    </Badge>
  );
}
