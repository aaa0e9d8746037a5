import { Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface SectionCardProps {
  title?: string;
  actions?: ReactNode;
  children: ReactNode;
  /** False inside another card (e.g. a tab panel), so borders do not nest. */
  framed?: boolean;
}

export function SectionCard({ title, actions, children, framed = true }: SectionCardProps) {
  return (
    <Paper withBorder={framed} radius="md" p={framed ? 'lg' : 0} component="section" aria-label={title}>
      {(title || actions) && (
        <Group justify="space-between" mb="md">
          {title && (
            <Title order={3} size="h4">
              {title}
            </Title>
          )}
          {actions && <Group gap="xs">{actions}</Group>}
        </Group>
      )}
      {children}
    </Paper>
  );
}
