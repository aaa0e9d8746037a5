import { ActionIcon, Anchor, Badge, Divider, Indicator, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { apiGet, type Page, withQuery } from '../../app/api-client';
import { formatCalendarDate } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import type { Completeness } from '../documents/document-types';
import type { Study } from '../studies/study-types';

/** At most this many studies are checked, so the bell costs a handful of requests every few minutes. */
const maxStudies = 5;
const withinDays = 60;

interface Alert {
  key: string;
  status: 'expired' | 'expiring';
  studyId: string;
  studyShortName: string;
  studySiteId: string;
  siteLabel: string;
  what: string;
  expiryDate: string | null;
  documentId: string | null;
}

async function fetchAlerts(signal: AbortSignal): Promise<{ alerts: Alert[]; studiesChecked: number; moreStudies: boolean }> {
  const studies = await apiGet<Page<Study>>(withQuery('/api/studies', { limit: maxStudies, sort: 'shortName' }), signal);
  const results = await Promise.all(
    studies.items.map(async (study) => {
      const completeness = await apiGet<Completeness>(
        withQuery(`/api/studies/${study.id}/completeness`, { withItems: 'true', expiringWithinDays: withinDays }),
        signal,
      );
      return completeness.sites.flatMap((site) =>
        site.items
          .filter((item) => item.status === 'expired' || item.status === 'expiring')
          .map(
            (item): Alert => ({
              key: `${site.studySiteId}:${item.artifactNumber}:${item.personId ?? ''}`,
              status: item.status as Alert['status'],
              studyId: study.id,
              studyShortName: study.shortName,
              studySiteId: site.studySiteId,
              siteLabel: `Site ${site.siteNumber} · ${site.siteName}`,
              what: item.personName ? `${item.artifactName} – ${item.personName}` : item.artifactName,
              expiryDate: item.expiryDate,
              documentId: item.documentId,
            }),
          ),
      );
    }),
  );
  const alerts = results.flat().sort((a, b) => (a.expiryDate ?? '').localeCompare(b.expiryDate ?? ''));
  return { alerts, studiesChecked: studies.items.length, moreStudies: studies.nextCursor !== null };
}

/** Expired and soon-expiring essential documents across the user's studies, in the app header. */
export function NotificationBell() {
  const canRead = useCan('document.read');
  const [opened, setOpened] = useState(false);
  const query = useQuery({
    queryKey: ['notifications', 'expiring-documents'],
    queryFn: ({ signal }) => fetchAlerts(signal),
    enabled: canRead,
    staleTime: 5 * 60_000,
    refetchInterval: 5 * 60_000,
  });
  if (!canRead) return null;
  const alerts = query.data?.alerts ?? [];
  const expired = alerts.filter((alert) => alert.status === 'expired').length;
  return (
    <Popover opened={opened} onChange={setOpened} width={420} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>
        <Indicator label={alerts.length} size={18} color={expired ? 'red' : 'yellow'} disabled={alerts.length === 0} offset={4}>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => setOpened((open) => !open)}
            aria-label={`Notifications: ${alerts.length} expiring or expired document${alerts.length === 1 ? '' : 's'}`}
          >
            <IconBell size={18} aria-hidden />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Stack gap={0}>
          <Text fw={600} p="sm" pb={4}>
            Expiring and expired documents
          </Text>
          <Text size="xs" c="dimmed" px="sm" pb="sm">
            Expired, or expiring within {withinDays} days, in {query.data?.studiesChecked ?? 0} of your studies
            {query.data?.moreStudies ? ` (the first ${maxStudies} only)` : ''}.
          </Text>
          <Divider />
          {query.isPending && (
            <Text size="sm" c="dimmed" p="sm">
              Checking…
            </Text>
          )}
          {query.isError && (
            <Text size="sm" c="red" p="sm">
              Could not check the site files.
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
                  <li key={alert.key} style={{ padding: '8px 12px', borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
                    <Badge size="xs" color={alert.status === 'expired' ? 'red' : 'yellow'} variant="light" radius="sm" tt="none">
                      {alert.status === 'expired' ? 'Expired' : 'Expiring'} {formatCalendarDate(alert.expiryDate)}
                    </Badge>
                    <Anchor
                      component={Link}
                      to={alert.documentId ? `/documents/${alert.documentId}` : `/studies/${alert.studyId}/sites/${alert.studySiteId}/file`}
                      size="sm"
                      display="block"
                      fw={600}
                      onClick={() => setOpened(false)}
                    >
                      {alert.what}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {alert.studyShortName} · {alert.siteLabel}
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
