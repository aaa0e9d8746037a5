import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { type AuditEntityType, type AuditEvent, historyExportUrl, useHistory } from '../features/audit/audit-api';
import { actionLabel, fieldLabel, formatValue } from '../features/audit/audit-labels';
import { formatLocal, formatUtc, localTimeZone } from '../lib/dates';
import { ProblemAlert } from './problem-alert';
import { SectionCard } from './section-card';

interface HistoryPanelProps {
  entityType: AuditEntityType;
  entityId: string;
  title?: string;
  /** Turns enum values in old/new into words (e.g. 'start_up' -> 'Start-up'). */
  describeValue?: (field: string, value: unknown) => string | undefined;
  /** Names of ids the page already knows (the record's study, site, organization...). */
  knownIds?: Record<string, string | null | undefined>;
  framed?: boolean;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The record's audit trail (21 CFR 11.10(e)): who, when (server UTC and the reader's local
 * time), what changed from what to what, and why. Newest first.
 */
export function HistoryPanel({ entityType, entityId, title = 'History', describeValue, knownIds = {}, framed }: HistoryPanelProps) {
  const history = useHistory(entityType, entityId);
  const events = [...(history.data?.items ?? [])].reverse();
  const show = (field: string, value: unknown): string => {
    if (value === null || value === undefined) return formatValue(value);
    if (typeof value === 'string' && uuidPattern.test(value)) {
      // An id the page cannot name is shortened; the export keeps it whole.
      return knownIds[value] ?? `${value.slice(0, 8)}…`;
    }
    return describeValue?.(field, value) ?? formatValue(value);
  };

  return (
    <SectionCard
      framed={framed}
      title={title}
      actions={
        <>
          <Button
            component="a"
            href={historyExportUrl(entityType, entityId, 'csv')}
            download
            size="xs"
            variant="default"
            leftSection={<IconDownload size={14} aria-hidden />}
          >
            Export CSV
          </Button>
          <Button
            component="a"
            href={historyExportUrl(entityType, entityId, 'json')}
            download
            size="xs"
            variant="default"
            leftSection={<IconDownload size={14} aria-hidden />}
          >
            Export JSON
          </Button>
        </>
      }
    >
      {history.isError && <ProblemAlert error={history.error} />}
      {history.isPending && <Text c="dimmed">Loading history…</Text>}
      {history.isSuccess && events.length === 0 && <Text c="dimmed">No recorded changes yet.</Text>}
      {events.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" striped aria-label={`${title} of this record`} data-testid="history-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={190}>
                  When
                </Table.Th>
                <Table.Th scope="col" w={170}>
                  Who
                </Table.Th>
                <Table.Th scope="col" w={140}>
                  Action
                </Table.Th>
                <Table.Th scope="col">Changes</Table.Th>
                <Table.Th scope="col" w={230}>
                  Reason
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((event) => (
                <HistoryRow key={event.seq} event={event} show={show} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed" mt="sm">
        Times are recorded by the server in UTC; local times are in {localTimeZone}. The trail is append-only and hash-chained.
      </Text>
    </SectionCard>
  );
}

function HistoryRow({ event, show }: { event: AuditEvent; show: (field: string, value: unknown) => string }) {
  const action = actionLabel(event.action);
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatUtc(event.occurredAt)}
        </Text>
        <Text size="xs" c="dimmed">
          {formatLocal(event.occurredAt)} local
        </Text>
      </Table.Td>
      <Table.Td>
        <ActorLabel label={event.actorLabel} />
      </Table.Td>
      <Table.Td>
        <Badge color={action.color} variant="light" tt="none" radius="sm" styles={{ label: { overflow: 'visible' } }}>
          {action.label}
        </Badge>
      </Table.Td>
      <Table.Td>
        {event.changes.length === 0 ? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ) : (
          <Stack gap={2}>
            {event.changes.map((change) => (
              <Group gap={6} key={change.field} wrap="wrap">
                <Text size="sm" fw={600}>
                  {fieldLabel(change.field)}:
                </Text>
                {event.action !== 'create' && (
                  <>
                    <Text size="sm" c="dimmed">
                      {show(change.field, change.old)}
                    </Text>
                    <Text size="sm" c="dimmed" aria-label="changed to">
                      →
                    </Text>
                  </>
                )}
                <Text size="sm">{show(change.field, change.new)}</Text>
              </Group>
            ))}
          </Stack>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{event.reason ?? '—'}</Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** 'Sam Manager <sam@example.org>' as a name with the e-mail beneath it. */
function ActorLabel({ label }: { label: string }) {
  const match = /^(.*) <([^>]+)>$/.exec(label);
  if (!match) return <Text size="sm">{label}</Text>;
  return (
    <>
      <Text size="sm">{match[1]}</Text>
      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
        {match[2]}
      </Text>
    </>
  );
}
