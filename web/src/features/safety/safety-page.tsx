import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { ClockCell } from './clock-badge';
import { useSaeReports } from './safety-api';

/**
 * The safety dashboard: open SAE reports across the caller's studies with every clock still
 * running, the nearest deadline first (the server sorts by its own clocks, ADR 0022).
 */
export function SafetyPage() {
  const reports = useSaeReports();
  const items = reports.data ?? [];
  return (
    <Stack>
      <PageHeader title="Safety" subtitle="Open SAE reports and their reporting clocks, the nearest deadline first" />
      <SectionCard>
        {reports.isError && <ProblemAlert error={reports.error} />}
        {reports.isSuccess && items.length === 0 && (
          <Text c="dimmed" size="sm">
            No open SAE reports.
          </Text>
        )}
        {items.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" aria-label="Open SAE reports">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Participant</Table.Th>
                  <Table.Th scope="col">Event</Table.Th>
                  <Table.Th scope="col">Clocks</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((report) => (
                  <Table.Tr key={report.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/safety/reports/${report.id}`}>
                        {report.subjectNumber}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {report.studyShortName} · site {report.siteNumber} ({report.country})
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{report.verbatimTerm}</Text>
                      {report.susar && (
                        <Badge color="red" size="sm">
                          SUSAR
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap="xs">
                        {[report.siteClock, ...report.regulatoryClocks].map((clock) => (
                          <ClockCell key={clock.id ?? 'site'} clock={clock} siteTimeZone={report.siteTimeZone} />
                        ))}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </SectionCard>
    </Stack>
  );
}
