import { ActionIcon, Anchor, Badge, Divider, Indicator, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { answer, api } from '../../app/api-client';
import type { Answer } from '../../app/api-types';
import { formatCalendarDate } from '../../lib/dates';
import { useCan } from '../auth/auth-api';

const withinDays = 60;

/** Documents and training the user can see, expired or expiring. */
type ExpiringItem = Answer<'/api/notifications/expiring'>['items'][number];

const itemKey = (item: ExpiringItem) => `${item.kind}:${item.documentId ?? item.trainingRecordId}`;

function whereOf(item: ExpiringItem): string {
  const parts = [
    item.kind === 'training' ? 'Training' : item.studyShortName,
    item.siteName,
    item.kind === 'document' ? item.personName : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Expired and soon-expiring documents and training across what the user can see, in the app header. */
export function NotificationBell() {
  const canReadDocuments = useCan('document.read');
  const canReadTraining = useCan('training.read');
  const canRead = canReadDocuments || canReadTraining;
  const [opened, setOpened] = useState(false);
  const query = useQuery({
    queryKey: ['notifications', 'expiring'],
    queryFn: ({ signal }) => answer(api.GET('/api/notifications/expiring', { params: { query: { withinDays } }, signal })),
    enabled: canRead,
    staleTime: 5 * 60_000,
    refetchInterval: 5 * 60_000,
  });
  if (!canRead) return null;
  const alerts = query.data?.items ?? [];
  const expired = query.data?.counts.expired ?? 0;
  const total = (query.data?.counts.expiring ?? 0) + expired;
  return (
    <Popover opened={opened} onChange={setOpened} width={420} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>
        <Indicator label={total} size={18} color={expired ? 'red' : 'yellow'} disabled={total === 0} offset={4}>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => setOpened((open) => !open)}
            aria-label={`Notifications: ${total} expiring or expired document${total === 1 ? '' : 's'} or training record${total === 1 ? '' : 's'}`}
          >
            <IconBell size={18} aria-hidden />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Stack gap={0}>
          <Text fw={600} p="sm" pb={4}>
            Expiring and expired
          </Text>
          <Text size="xs" c="dimmed" px="sm" pb="sm">
            Documents and training that expired, or expire within {withinDays} days: {query.data?.counts.expired ?? 0} expired,{' '}
            {query.data?.counts.expiring ?? 0} expiring{query.data?.truncated ? ` (the first ${alerts.length} are listed)` : ''}.
          </Text>
          <Divider />
          {query.isPending && (
            <Text size="sm" c="dimmed" p="sm">
              Checking…
            </Text>
          )}
          {query.isError && (
            <Text size="sm" c="red" p="sm">
              Could not check what expires.
            </Text>
          )}
          {query.isSuccess && alerts.length === 0 && (
            <Text size="sm" c="dimmed" p="sm">
              Nothing expires within {withinDays} days.
            </Text>
          )}
          {alerts.length > 0 && (
            <ScrollArea.Autosize mah={380}>
              <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {alerts.map((alert) => (
                  <li key={itemKey(alert)} style={{ padding: '8px 12px', borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
                    <Badge size="xs" color={alert.status === 'expired' ? 'red' : 'yellow'} variant="light" radius="sm" tt="none">
                      {alert.status === 'expired' ? 'Expired' : 'Expiring'} {formatCalendarDate(alert.expiresOn)}
                    </Badge>
                    <Anchor component={Link} to={alert.link} size="sm" display="block" fw={600} onClick={() => setOpened(false)}>
                      {alert.kind === 'training' && alert.personName ? `${alert.title} – ${alert.personName}` : alert.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {whereOf(alert)}
                    </Text>
                  </li>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
