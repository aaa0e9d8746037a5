import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDay } from '../../lib/dates';
import type { WorkItem, WorkSection } from './home-api';

function whereOf(item: WorkItem): string {
  return [item.studyShortName, item.siteName].filter(Boolean).join(' · ');
}

function WorkItemRow({ item }: { item: WorkItem }) {
  return (
    <Group
      component="li"
      justify="space-between"
      align="flex-start"
      wrap="nowrap"
      gap="sm"
      py={8}
      style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Anchor component={Link} to={item.link} fw={600} size="sm">
          {item.title}
        </Anchor>
        {item.detail && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {item.detail}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {whereOf(item)}
        </Text>
      </Stack>
      <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
        {item.status && (
          <Badge color={item.status.tone} variant="light" radius="sm" tt="none" size="sm">
            {item.status.label}
          </Badge>
        )}
        {item.date && (
          <Text size="xs" c="dimmed">
            {formatDay(item.date)}
          </Text>
        )}
        {item.window && (
          <Text size="xs" c="dimmed" title="The visit's window, site calendar days">
            Window {formatDay(item.window.start)} – {formatDay(item.window.end)}
          </Text>
        )}
      </Stack>
    </Group>
  );
}

/** One kind of work: its count, why it is there, and each item linked to the page where it is done. */
export function WorkSectionCard({ section }: { section: WorkSection }) {
  const more = section.count - section.items.length;
  const headingId = `work-${section.key}`;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby={headingId}
      data-section={section.key}
      // A short card keeps its own height beside a long one.
      style={{ alignSelf: 'start' }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Title order={3} size="h5" id={headingId}>
          {section.title}
        </Title>
        <Badge
          color={section.count === 0 ? 'gray' : section.open ? 'red' : 'blue'}
          variant={section.count === 0 ? 'light' : 'filled'}
          radius="xl"
          aria-label={`${section.count} item${section.count === 1 ? '' : 's'}`}
        >
          {section.count}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {section.description}
      </Text>
      {section.items.length === 0 ? (
        <Text size="sm" c="dimmed" py={4}>
          Nothing waiting.
        </Text>
      ) : (
        <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {section.items.map((item) => (
            <WorkItemRow key={item.id} item={item} />
          ))}
        </Stack>
      )}
      {more > 0 && (
        <Text size="xs" mt="xs">
          {section.items.length} of {section.count} shown.{' '}
          {section.listLink && (
            <Anchor component={Link} to={section.listLink} size="xs">
              See all
            </Anchor>
          )}
        </Text>
      )}
    </Paper>
  );
}
