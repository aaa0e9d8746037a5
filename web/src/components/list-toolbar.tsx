import { Group } from '@mantine/core';
import type { ReactNode } from 'react';

export function ListToolbar({ children }: { children: ReactNode }) {
  return (
    <Group gap="sm" align="flex-end" mb="md" wrap="wrap" role="search">
      {children}
    </Group>
  );
}
