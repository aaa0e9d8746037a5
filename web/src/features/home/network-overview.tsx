import { Anchor, Badge, Group, Progress, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { studySiteStatusOptions } from '../study-sites/study-site-types';
import type { CoordinatorLoad, NetworkStudySite } from './home-api';

function Enrollment({ row }: { row: NetworkStudySite }) {
  const share = row.target ? Math.min(Math.round((row.enrolled / row.target) * 100), 100) : 0;
  return (
    <Stack gap={2} miw={140}>
      <Text size="sm">
        {row.enrolled}
        {row.target ? ` of ${row.target}` : ''}
      </Text>
      {row.target ? <Progress value={share} size="sm" color="teal" aria-label={`${share}% of target`} /> : null}
    </Stack>
  );
}

/** Every study-site the network supports, one row each with what needs attention there. */
export function NetworkStudySites({ rows }: { rows: NetworkStudySite[] }) {
  return (
    <SectionCard title="Supported study-sites">
      <ScrollArea type="auto">
        <Table verticalSpacing="xs" highlightOnHover miw={760}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Study</Table.Th>
              <Table.Th>Site</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Enrollment</Table.Th>
              <Table.Th ta="right">Late milestones</Table.Th>
              <Table.Th ta="right">Open items</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.studySiteId} data-study-site={row.studySiteId}>
                <Table.Td fw={600}>{row.studyShortName}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={row.link} size="sm">
                    {row.siteNumber} · {row.siteName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StatusBadge options={studySiteStatusOptions} value={row.status} />
                </Table.Td>
                <Table.Td>
                  <Enrollment row={row} />
                </Table.Td>
                <Table.Td ta="right">
                  {row.lateMilestones > 0 ? (
                    <Badge color="red" variant="light">
                      {row.lateMilestones}
                    </Badge>
                  ) : (
                    <Text size="sm" c="dimmed">
                      0
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {row.openItems > 0 ? (
                    <Badge color="orange" variant="light">
                      {row.openItems}
                    </Badge>
                  ) : (
                    <Text size="sm" c="dimmed">
                      0
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </SectionCard>
  );
}

/** Each coordinator's scheduled visits from today through the next six days, across sites. */
export function CoordinatorLoadCard({ coordinators }: { coordinators: CoordinatorLoad[] }) {
  const busiest = Math.max(1, ...coordinators.map((c) => c.visitsThisWeek));
  return (
    <SectionCard title="Coordinators' visits this week">
      {coordinators.length === 0 ? (
        <Text size="sm" c="dimmed">
          No visits scheduled this week.
        </Text>
      ) : (
        <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {coordinators.map((coordinator) => (
            <Stack gap={2} component="li" key={coordinator.userId ?? 'none'}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600} c={coordinator.userId ? undefined : 'dimmed'}>
                  {coordinator.name}
                </Text>
                <Text size="sm">
                  {coordinator.visitsThisWeek} visit{coordinator.visitsThisWeek === 1 ? '' : 's'}
                </Text>
              </Group>
              <Progress
                value={(coordinator.visitsThisWeek / busiest) * 100}
                size="md"
                color={coordinator.userId ? 'blue' : 'gray'}
                aria-label={`${coordinator.name}: ${coordinator.visitsThisWeek} visits this week`}
              />
              <Text size="xs" c="dimmed">
                {coordinator.sites.map((site) => `${site.label} (${site.visits})`).join(' · ')}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}
