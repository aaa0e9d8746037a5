import { Group, Stack, Text } from '@mantine/core';
import { StatusBadge } from '../../components/status-badge';
import { SiteTime } from '../../lib/dates';
import { type Clock, clockKindLabels, clockStatusOptions } from './safety-api';

/**
 * One reporting clock: its status badge and its deadline in the site's zone (UTC on hover). The
 * deadline is the server's (ADR 0022); the page never computes one from the reader's clock.
 */
export function ClockCell({ clock, siteTimeZone }: { clock: Clock; siteTimeZone: string }) {
  const what = clock.kind === 'site' ? clockKindLabels.site : `${clock.country} · ${clockKindLabels[clock.kind]} (day ${clock.dueDays})`;
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="nowrap">
        <StatusBadge options={clockStatusOptions} value={clock.status} />
        <Text size="sm" fw={500}>
          {what}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        {clock.status === 'met' ? 'Met ' : 'Due '}
        <SiteTime instant={clock.status === 'met' ? clock.metAt : clock.dueAt} zone={siteTimeZone} />
        {clock.dayZero && ` · day 0 ${clock.dayZero}, days counted in ${clock.timeZone}`}
      </Text>
    </Stack>
  );
}
