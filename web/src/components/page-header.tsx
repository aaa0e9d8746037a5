import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

interface PageHeaderProps {
  title: ReactNode;
  subtitle?: ReactNode;
  /** Where this page sits: [{label, to}], the last one is the page itself and is not a link. */
  trail?: { label: string; to?: string }[];
  actions?: ReactNode;
  badge?: ReactNode;
}

export function PageHeader({ title, subtitle, trail, actions, badge }: PageHeaderProps) {
  return (
    <Stack gap={4} mb="lg">
      {trail && trail.length > 0 && (
        <Breadcrumbs aria-label="Breadcrumb" separatorMargin={6}>
          {trail.map((crumb) =>
            crumb.to ? (
              <Anchor component={Link} to={crumb.to} size="sm" key={crumb.label}>
                {crumb.label}
              </Anchor>
            ) : (
              <Text size="sm" c="dimmed" key={crumb.label} aria-current="page">
                {crumb.label}
              </Text>
            ),
          )}
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Group gap="sm">
            <Title order={2}>{title}</Title>
            {badge}
          </Group>
          {subtitle && (
            <Text c="dimmed" size="sm">
              {subtitle}
            </Text>
          )}
        </Stack>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
    </Stack>
  );
}
