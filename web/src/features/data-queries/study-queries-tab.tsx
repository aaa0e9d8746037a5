import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Anchor, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { answer, api } from '../../app/api-client';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { dataQueryKeys } from './data-query-api';

/**
 * A study's queries per site at a glance: open (the site owes an answer), answered (the monitor
 * owes a close) and closed, from the counts the server keeps as queries change.
 */
export function StudyQueriesTab({ studyId }: { studyId: string }) {
  const counts = useQuery({
    queryKey: [...dataQueryKeys.all, 'counts', studyId],
    queryFn: ({ signal }) => answer(api.GET('/api/queries/counts', { params: { query: { studyId } }, signal })),
  });
  if (counts.isError) return <ProblemAlert error={counts.error} />;
  const data = counts.data;
  const sites = data?.sites ?? [];
  const inbox = (studySiteId: string, status: string) => `/queries?qstudyId=${studyId}&qstudySiteId=${studySiteId}&qstatus=${status}`;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {(['open', 'answered', 'closed'] as const).map((status) => (
          <SectionCard key={status} title={{ open: 'Open', answered: 'Answered', closed: 'Closed' }[status]}>
            <Text fz={32} fw={700} data-count={status}>
              {data?.total[status] ?? '…'}
            </Text>
            <Text size="xs" c="dimmed">
              {{ open: 'waiting for the site', answered: 'waiting for the monitor or data manager', closed: 'resolved' }[status]}
            </Text>
          </SectionCard>
        ))}
      </SimpleGrid>
      <SectionCard title="Queries per site">
        {sites.length === 0 ? (
          <Text size="sm" c="dimmed">
            No queries in this study yet.
          </Text>
        ) : (
          <Stack>
            <BarChart
              h={Math.max(160, sites.length * 36)}
              data={sites.map((site) => ({ site: site.siteName, Open: site.open, Answered: site.answered, Closed: site.closed }))}
              dataKey="site"
              type="stacked"
              orientation="vertical"
              yAxisProps={{ width: 200 }}
              xAxisProps={{ allowDecimals: false }}
              series={[
                { name: 'Open', color: 'orange.6' },
                { name: 'Answered', color: 'blue.6' },
                { name: 'Closed', color: 'green.6' },
              ]}
              withLegend
              aria-label="Queries per site by status"
            />
            <Table verticalSpacing="xs" aria-label="Queries per site">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Site</Table.Th>
                  <Table.Th scope="col">Open</Table.Th>
                  <Table.Th scope="col">Answered</Table.Th>
                  <Table.Th scope="col">Closed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sites.map((site) => (
                  <Table.Tr key={site.studySiteId}>
                    <Table.Td>{site.siteName}</Table.Td>
                    {(['open', 'answered', 'closed'] as const).map((status) => (
                      <Table.Td key={status}>
                        <Group gap={4}>
                          <Anchor component={Link} to={inbox(site.studySiteId, status)} size="sm">
                            {site[status]}
                          </Anchor>
                        </Group>
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
      </SectionCard>
    </Stack>
  );
}
