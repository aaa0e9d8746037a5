import { Button, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { formatDay } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { milestoneStatusOptions, useStudySiteMilestones } from './milestone-api';
import { MilestoneDateModal, type MilestoneTarget } from './milestone-date-modal';

/** This site's start-up milestones with planned, actual and projected dates. */
export function StudySiteMilestones({ studyId, studySiteId }: { studyId: string; studySiteId: string }) {
  const query = useStudySiteMilestones(studyId, studySiteId);
  const canWrite = useCan('milestone.write');
  const [editing, setEditing] = useState<MilestoneTarget | null>(null);
  const data = query.data;
  if (data && data.items.length === 0) return null;
  return (
    <SectionCard title="Start-up milestones">
      {query.isError && <ProblemAlert error={query.error} />}
      {data && (
        <>
          <Text size="sm" mb="sm">
            Projected activation: <strong>{formatDay(data.projectedActivationDate)}</strong>
            {data.openRequiredForActivation.length > 0 &&
              ` · ${data.openRequiredForActivation.length} milestone(s) required for activation still open`}
          </Text>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" aria-label="Start-up milestones of this site">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Milestone</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Planned</Table.Th>
                  <Table.Th scope="col">Actual</Table.Th>
                  <Table.Th scope="col">Projected</Table.Th>
                  {canWrite && <Table.Th scope="col">Actions</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((item) => (
                  <Table.Tr key={item.milestoneId} bg={item.status === 'late' ? 'red.0' : undefined}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {item.name}
                        {item.requiredForActivation ? ' *' : ''}
                      </Text>
                      {item.note && (
                        <Text size="xs" c="dimmed">
                          {item.note}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge options={milestoneStatusOptions} value={item.status} />
                    </Table.Td>
                    <Table.Td>{formatDay(item.plannedDate)}</Table.Td>
                    <Table.Td>{formatDay(item.actualDate)}</Table.Td>
                    <Table.Td>{item.actualDate ? '—' : formatDay(item.projectedDate)}</Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="light"
                          onClick={() => setEditing({ studySiteId, milestoneId: item.milestoneId, siteLabel: 'this site' })}
                        >
                          Set dates
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed" mt="xs">
            * Required for activation: the site cannot become active while it is open, unless the status change overrides it with a reason.
          </Text>
        </>
      )}
      <MilestoneDateModal studyId={studyId} target={editing} onClose={() => setEditing(null)} />
    </SectionCard>
  );
}
