import { Anchor, Popover, Stack, Text } from '@mantine/core';
import { SiteTime } from '../../lib/dates';
import type { AuditEvent } from '../audit/audit-api';

/** One item's changes, newest first, read from its form's audit entries (ADR 0018: a change per value, named GROUP[row].ITEM). */
export function itemChanges(events: readonly AuditEvent[], key: string) {
  return events.flatMap((event) =>
    event.readableChanges
      .filter((change) => change.field === key)
      .map((change) => ({ event, oldText: change.oldText, newText: change.newText })),
  );
}

/** "History (2)" under an item that changed: who changed it when, from what to what, and why. */
export function ItemHistory({
  events,
  itemKey,
  label,
  timeZone,
}: {
  events: readonly AuditEvent[];
  itemKey: string;
  label: string;
  timeZone: string;
}) {
  const changes = itemChanges(events, itemKey);
  if (changes.length === 0) return null;
  return (
    <Popover width={380} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <Anchor component="button" type="button" size="xs" aria-label={`History of ${label}`} style={{ alignSelf: 'flex-start' }}>
          History ({changes.length})
        </Anchor>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" aria-label={`Changes of ${label}`}>
          {changes.map(({ event, oldText, newText }) => (
            <div key={event.seq}>
              <Text size="sm">{event.action === 'create' || oldText === '—' ? newText : `${oldText} → ${newText}`}</Text>
              <Text size="xs" c="dimmed">
                {event.actorName} · <SiteTime instant={event.occurredAt} zone={timeZone} />
                {event.reason ? ` · ${event.reason}` : ''}
              </Text>
            </div>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
