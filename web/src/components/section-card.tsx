import { Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function SectionCard({ title, actions, children }: { title?: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-label={title}>
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
