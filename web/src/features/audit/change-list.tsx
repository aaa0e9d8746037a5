import { Group, Stack, Text } from '@mantine/core';
import type { AuditEvent } from './audit-api';
import { shortenHash } from './audit-labels';

/** An event's changes as the server words them: "Label: old → new", only the new value on creation. */
export function ChangeList({ event }: { event: AuditEvent }) {
  if (event.readableChanges.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {event.readableChanges.map((change) => (
        <Group gap={6} key={change.field} wrap="wrap">
          <Text size="sm" fw={600}>
            {change.label}:
          </Text>
          {event.action !== 'create' && (
            <>
              <Text size="sm" c="dimmed">
                {shortenHash(change.oldText)}
              </Text>
              <Text size="sm" c="dimmed" aria-label="changed to">
                →
              </Text>
            </>
          )}
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {shortenHash(change.newText)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** 'Sam Manager <sam@example.org>' as a name with the e-mail beneath it. */
export function ActorLabel({ event }: { event: Pick<AuditEvent, 'actorLabel' | 'actorName'> }) {
  const email = /<([^>]+)>$/.exec(event.actorLabel)?.[1];
  return (
    <>
      <Text size="sm">{event.actorName}</Text>
      {email && (
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {email}
        </Text>
      )}
    </>
  );
}
