import { Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconCalendarPlus, IconCheck, IconClock } from '@tabler/icons-react';
import { useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { formatDay, timeRange, utcText } from '../../lib/dates';
import { humanize } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { BookVisitModal } from './book-visit-modal';
import { CompleteVisitModal } from './complete-visit-modal';
import { RecordVisitModal } from './record-visit-modal';
import { type ParticipantVisit, useParticipantVisits, visitStatusOptions } from './visit-api';

/** 'Mar 3 – Mar 10' without repeating the year, for a narrow column. */
function windowText(visit: ParticipantVisit): string {
  if (!visit.windowStart || !visit.windowEnd) return '—';
  if (visit.windowStart === visit.windowEnd) return formatDay(visit.windowStart);
  return `${formatDay(visit.windowStart)} – ${formatDay(visit.windowEnd)}`;
}

/** Pinned to the right edge of the scrolling table, on the row's own background. */
const stickyActions = { position: 'sticky', right: 0, zIndex: 1, background: 'var(--mantine-color-body)', width: 1 } as const;

/** The participant's schedule (generated from the protocol in force at the site) and what happened at each visit. */
interface VisitsTableProps {
  participantId: string;
  subjectNumber: string;
  /** Still in the study (or off treatment only): visits can be recorded. */
  active: boolean;
  /** Null before consent: no study visit can be recorded. */
  consentedOn: string | null;
  /** The protocol version in force at the site today, for its unscheduled visits. */
  protocolVersionId: string | null;
  /** The site, whose staff a visit is booked with. */
  siteId?: string;
}

export function VisitsTable({ participantId, subjectNumber, active, consentedOn, protocolVersionId, siteId }: VisitsTableProps) {
  const visits = useParticipantVisits(participantId);
  const canWrite = useCan('participant.write');
  const [completing, setCompleting] = useState<ParticipantVisit | null>(null);
  const [recording, setRecording] = useState(false);
  const [booking, setBooking] = useState<ParticipantVisit | null>(null);
  const items = visits.data ?? [];
  return (
    <SectionCard
      title="Visits"
      actions={
        canWrite &&
        active &&
        consentedOn && (
          <Button size="xs" variant="light" leftSection={<IconCalendarPlus size={14} aria-hidden />} onClick={() => setRecording(true)}>
            Record an unscheduled visit
          </Button>
        )
      }
    >
      {visits.isError && <ProblemAlert error={visits.error} />}
      {visits.isSuccess && items.length === 0 && (
        <Text c="dimmed" size="sm">
          No visits yet: the schedule is generated at consent and at randomization from the protocol in force at the site.
        </Text>
      )}
      {items.length > 0 && (
        // Five columns that fit a laptop's width; should a narrower screen still scroll, the
        // actions column stays pinned to the right edge, so Book and Complete are never hidden.
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" highlightOnHover aria-label="Visits">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Visit</Table.Th>
                <Table.Th scope="col">Target and window</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Procedures</Table.Th>
                <Table.Th scope="col" style={stickyActions}>
                  Actions
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((visit) => {
                const notDone = visit.procedures.filter((procedure) => procedure.done === false);
                return (
                  <Table.Tr key={visit.id}>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={600} ff="monospace">
                          {visit.code}
                        </Text>
                        <Text size="sm">{visit.name}</Text>
                      </Group>
                      <Text size="xs" c="dimmed">
                        {humanize(visit.kind)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDay(visit.targetDate)}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} aria-label={`window ${windowText(visit)}`}>
                        {windowText(visit)}
                      </Text>
                      {visit.appointment && (
                        <Tooltip label={`Booked at the site's time; from ${utcText(visit.appointment.startsAt)}`}>
                          <Stack gap={0} mt={4}>
                            <Text size="xs" fw={600} c="blue.8" style={{ whiteSpace: 'nowrap' }}>
                              Booked {formatDay(visit.appointment.localStart.slice(0, 10))}{' '}
                              {timeRange(visit.appointment.localStart, visit.appointment.localEnd)}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {[visit.appointment.room, visit.appointment.staffName].filter(Boolean).join(' · ')} · {visit.siteTimeZone}
                            </Text>
                          </Stack>
                        </Tooltip>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <StatusBadge options={visitStatusOptions} value={visit.status} />
                        {visit.deviationIds.length > 0 && (
                          <Tooltip label="A protocol deviation was recorded for this visit: see Deviations below">
                            <Badge color="red" variant="outline" radius="sm" tt="none" size="sm">
                              {visit.deviationIds.length === 1 ? 'Deviation' : `${visit.deviationIds.length} deviations`}
                            </Badge>
                          </Tooltip>
                        )}
                      </Group>
                      {visit.actualDate && (
                        <Text size="xs" c="dimmed" mt={2} style={{ whiteSpace: 'nowrap' }}>
                          on {formatDay(visit.actualDate)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {visit.status === 'completed' ? (
                        <Stack gap={0}>
                          <Text size="sm">
                            {visit.procedures.length - notDone.length} of {visit.procedures.length} done
                          </Text>
                          {notDone.map((procedure) => (
                            <Text size="xs" c="orange.8" key={procedure.code}>
                              {procedure.name}: {procedure.notDoneReason}
                            </Text>
                          ))}
                        </Stack>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {visit.procedures.length}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={stickyActions}>
                      <Stack gap={4} align="stretch">
                        {canWrite && active && siteId && visit.status === 'scheduled' && (
                          <Button
                            size="xs"
                            variant="default"
                            leftSection={<IconClock size={14} aria-hidden />}
                            onClick={() => setBooking(visit)}
                            aria-label={`${visit.appointment ? 'Change booking' : 'Book'} ${visit.code}`}
                          >
                            {visit.appointment ? 'Change' : 'Book'}
                          </Button>
                        )}
                        {canWrite && active && visit.status === 'scheduled' && (
                          <Button
                            size="xs"
                            variant="light"
                            leftSection={<IconCheck size={14} aria-hidden />}
                            onClick={() => setCompleting(visit)}
                          >
                            Complete
                          </Button>
                        )}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {siteId && (
        <BookVisitModal
          visitId={booking?.id ?? null}
          siteId={siteId}
          title={booking ? `Book ${booking.code} · ${subjectNumber}` : ''}
          onClose={() => setBooking(null)}
        />
      )}
      <CompleteVisitModal visit={completing} subjectNumber={subjectNumber} onClose={() => setCompleting(null)} />
      {consentedOn && (
        <RecordVisitModal
          participantId={participantId}
          subjectNumber={subjectNumber}
          consentedOn={consentedOn}
          protocolVersionId={protocolVersionId}
          opened={recording}
          onClose={() => setRecording(false)}
        />
      )}
    </SectionCard>
  );
}
