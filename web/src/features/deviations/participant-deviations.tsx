import { Button, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { formatDay } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { AssessDeviationModal } from './assess-deviation-modal';
import { type Deviation, useParticipantDeviations } from './deviation-api';
import { AssessButton, CategoryCell, DescriptionCell, StatusCell } from './deviation-cells';
import { ReportDeviationModal } from './report-deviation-modal';

/** The participant's protocol deviations, automatic and reported, with their assessment. */
/** `timeZone` is the study-site's: a deviation is reported on the site's day. */
export function ParticipantDeviations({
  participantId,
  subjectNumber,
  timeZone,
}: {
  participantId: string;
  subjectNumber: string;
  timeZone: string;
}) {
  const deviations = useParticipantDeviations(participantId);
  const canAssess = useCan('deviation.assess');
  const canReport = useCan('deviation.write');
  const [assessing, setAssessing] = useState<Deviation | null>(null);
  const [reporting, setReporting] = useState(false);
  const items = deviations.data ?? [];
  return (
    <SectionCard
      title="Protocol deviations"
      actions={
        canReport && (
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconAlertTriangle size={14} aria-hidden />}
            onClick={() => setReporting(true)}
          >
            Report a deviation
          </Button>
        )
      }
    >
      {deviations.isError && <ProblemAlert error={deviations.error} />}
      {deviations.isSuccess && items.length === 0 && (
        <Text c="dimmed" size="sm">
          No deviations recorded.
        </Text>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" aria-label="Protocol deviations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Occurred</Table.Th>
                <Table.Th scope="col">Category</Table.Th>
                <Table.Th scope="col">Description</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {canAssess && <Table.Th scope="col" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((deviation) => (
                <Table.Tr key={deviation.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(deviation.occurredOn)}</Table.Td>
                  <Table.Td>
                    <CategoryCell deviation={deviation} />
                  </Table.Td>
                  <Table.Td>
                    <DescriptionCell deviation={deviation} />
                  </Table.Td>
                  <Table.Td>
                    <StatusCell deviation={deviation} />
                  </Table.Td>
                  {canAssess && (
                    <Table.Td>
                      <AssessButton deviation={deviation} onAssess={setAssessing} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AssessDeviationModal deviation={assessing} onClose={() => setAssessing(null)} />
      <ReportDeviationModal
        participantId={participantId}
        subjectNumber={subjectNumber}
        timeZone={timeZone}
        opened={reporting}
        onClose={() => setReporting(false)}
      />
    </SectionCard>
  );
}
