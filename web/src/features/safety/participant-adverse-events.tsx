import { Anchor, Badge, Button, Table, Text } from '@mantine/core';
import { IconFirstAidKit } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { labelOf } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { AdverseEventModal } from './adverse-event-modal';
import { type AdverseEvent, causalityOptions, outcomeOptions, seriousCriterionOptions, useParticipantAdverseEvents } from './safety-api';

/** The participant's adverse events; a serious one links to its SAE report. */
export function ParticipantAdverseEvents({
  participantId,
  subjectNumber,
  timeZone,
}: {
  participantId: string;
  subjectNumber: string;
  timeZone: string;
}) {
  const events = useParticipantAdverseEvents(participantId);
  const canWrite = useCan('ae.write');
  const [editing, setEditing] = useState<AdverseEvent | null>(null);
  const [open, setOpen] = useState(false);
  const items = events.data ?? [];
  return (
    <SectionCard
      title="Adverse events"
      actions={
        canWrite && (
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconFirstAidKit size={14} aria-hidden />}
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
          >
            Record an adverse event
          </Button>
        )
      }
    >
      {events.isError && <ProblemAlert error={events.error} />}
      {events.isSuccess && items.length === 0 && (
        <Text c="dimmed" size="sm">
          No adverse events recorded.
        </Text>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" aria-label="Adverse events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Onset</Table.Th>
                <Table.Th scope="col">Event</Table.Th>
                <Table.Th scope="col">Grade</Table.Th>
                <Table.Th scope="col">Seriousness</Table.Th>
                <Table.Th scope="col">Causality</Table.Th>
                <Table.Th scope="col">Outcome</Table.Th>
                {canWrite && <Table.Th scope="col" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {event.onsetDate}
                    {event.resolutionDate ? ` – ${event.resolutionDate}` : ''}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{event.verbatimTerm}</Text>
                    {event.codedTerm && (
                      <Text size="xs" c="dimmed">
                        {event.codedTerm}
                        {event.dictionaryName ? ` (${event.dictionaryName} ${event.dictionaryVersion ?? ''})` : ''}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{event.severityGrade}</Table.Td>
                  <Table.Td>
                    {event.serious ? (
                      <>
                        <Badge color="red" variant="light">
                          Serious
                        </Badge>
                        <Text size="xs" c="dimmed">
                          {event.seriousCriteria.map((c) => labelOf(seriousCriterionOptions, c)).join(', ')}
                        </Text>
                        {event.saeReportId && (
                          <Anchor component={Link} to={`/safety/reports/${event.saeReportId}`} size="sm">
                            SAE report
                          </Anchor>
                        )}
                      </>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Not serious
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{labelOf(causalityOptions, event.causality)}</Table.Td>
                  <Table.Td>{labelOf(outcomeOptions, event.outcome)}</Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => {
                          setEditing(event);
                          setOpen(true);
                        }}
                      >
                        Edit
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AdverseEventModal
        participantId={participantId}
        subjectNumber={subjectNumber}
        timeZone={timeZone}
        event={editing}
        opened={open}
        onClose={() => setOpen(false)}
      />
    </SectionCard>
  );
}
