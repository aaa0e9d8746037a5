import { Badge, Button, Table, Text } from '@mantine/core';
import { IconDownload, IconHistory } from '@tabler/icons-react';
import { Link } from 'react-router';
import { type AuditEntityType, type AuditEvent, historyExportUrl, useHistory } from '../features/audit/audit-api';
import { actionColor } from '../features/audit/audit-labels';
import { ActorLabel, ChangeList } from '../features/audit/change-list';
import { formatInstant } from '../lib/dates';
import { ProblemAlert } from './problem-alert';
import { SectionCard } from './section-card';

interface HistoryPanelProps {
  entityType: AuditEntityType;
  entityId: string;
  title?: string;
  framed?: boolean;
  /** Where the whole trail this record belongs to is explored (a study's audit trail). */
  trailLink?: string;
}

/**
 * The record's audit trail (21 CFR 11.10(e)): who, when (server UTC and the reader's local
 * time), what changed from what to what, and why. Newest first; a participant's includes their
 * visits and consents.
 */
export function HistoryPanel({ entityType, entityId, title = 'History', framed, trailLink }: HistoryPanelProps) {
  const history = useHistory(entityType, entityId);
  const events = history.items;
  const showRecord = events.some((event) => event.entityType !== entityType);

  return (
    <SectionCard
      framed={framed}
      title={title}
      actions={
        <>
          {trailLink && (
            <Button component={Link} to={trailLink} size="xs" variant="light" leftSection={<IconHistory size={14} aria-hidden />}>
              Open the audit trail
            </Button>
          )}
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
                <HistoryRow key={event.seq} event={event} showRecord={showRecord} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {history.hasNextPage && (
        <Button variant="default" size="xs" mt="sm" loading={history.isFetchingNextPage} onClick={() => history.fetchNextPage()}>
          Show older changes
        </Button>
      )}
      <Text size="xs" c="dimmed" mt="sm">
        Times are the server's record, in UTC. The trail is append-only and hash-chained.
      </Text>
    </SectionCard>
  );
}

function HistoryRow({ event, showRecord }: { event: AuditEvent; showRecord: boolean }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatInstant(event.occurredAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <ActorLabel event={event} />
      </Table.Td>
      <Table.Td>
        <Badge color={actionColor(event.action)} variant="light" tt="none" radius="sm" styles={{ label: { overflow: 'visible' } }}>
          {event.actionLabel}
        </Badge>
        {/* A participant's history also holds their visits and consents: say which record each row is. */}
        {showRecord && (
          <Text size="xs" c="dimmed" mt={4}>
            {event.entityLabel}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <ChangeList event={event} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{event.reason ?? '—'}</Text>
      </Table.Td>
    </Table.Tr>
  );
}
