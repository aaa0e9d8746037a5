import { ActionIcon, Anchor, Badge, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDay } from '../../lib/dates';
import { useMyWork, type WorkSection } from '../home/home-api';

/** Items shown per section in the bell; the home page shows the rest. */
const perSection = 3;

function BellSection({ section, onOpen }: { section: WorkSection; onOpen: () => void }) {
  return (
    <li style={{ padding: '8px 12px', borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Group justify="space-between" wrap="nowrap" mb={4}>
        <Text size="sm" fw={600}>
          {section.title}
        </Text>
        <Badge size="sm" color={section.open ? 'red' : 'blue'} variant="light">
          {section.count}
        </Badge>
      </Group>
      <Stack gap={4}>
        {section.items.slice(0, perSection).map((item) => (
          <div key={item.id}>
            <Anchor component={Link} to={item.link} size="sm" display="block" onClick={onOpen}>
              {item.title}
            </Anchor>
            <Text size="xs" c="dimmed">
              {[item.status?.label, item.date ? formatDay(item.date) : null, item.studyShortName, item.siteName]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </div>
        ))}
        {section.count > perSection && (
          <Anchor component={Link} to="/" size="xs" onClick={onOpen}>
            {section.count - perSection} more on the home page
          </Anchor>
        )}
      </Stack>
    </li>
  );
}

/**
 * The user's open work in the app header: the same sections and items as the home page (one
 * answer of GET /api/me/work, shared with it and the navigation badge).
 */
export function NotificationBell() {
  const [opened, setOpened] = useState(false);
  const work = useMyWork();
  const total = work.data?.openItems ?? 0;
  const sections = (work.data?.sections ?? []).filter((section) => section.count > 0);
  const close = () => setOpened(false);
  return (
    <Popover opened={opened} onChange={setOpened} width={420} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>
        <Indicator label={total} size={18} color="red" disabled={total === 0} offset={4}>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => setOpened((open) => !open)}
            aria-label={`Notifications: ${total} open item${total === 1 ? '' : 's'}`}
          >
            <IconBell size={18} aria-hidden />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Stack gap={0}>
          <Group justify="space-between" p="sm" pb={4}>
            <Text fw={600}>Your work</Text>
            <Group gap="sm">
              <Anchor component={Link} to="/settings" size="xs" onClick={close}>
                E-mail settings
              </Anchor>
              <Anchor component={Link} to="/" size="xs" onClick={close}>
                Open the home page
              </Anchor>
            </Group>
          </Group>
          <Text size="xs" c="dimmed" px="sm" pb="sm">
            {total} open item{total === 1 ? '' : 's'}: visits, signatures, documents and deviations waiting on you.
          </Text>
          <Divider />
          {work.isPending && (
            <Text size="sm" c="dimmed" p="sm">
              Checking…
            </Text>
          )}
          {work.isError && (
            <Text size="sm" c="red" p="sm">
              Could not load your work.
            </Text>
          )}
          {work.isSuccess && sections.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              Nothing is waiting on you.
            </Text>
          )}
          {sections.length > 0 && (
            <ScrollArea.Autosize mah={420}>
              <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {sections.map((section) => (
                  <BellSection key={section.key} section={section} onOpen={close} />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
