import { Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { labelOf } from '../../lib/enum-labels';
import { usePrescreenSummary } from './participant-api';
import { candidateOutcomeOptions, candidateSourceOptions } from './participant-types';

/** The study's pre-screening in numbers: per site, source and outcome, and why candidates were not screened. No identities. */
export function PrescreeningSummary({ studyId }: { studyId: string }) {
  const summary = usePrescreenSummary(studyId);
  if (summary.isError) return <ProblemAlert error={summary.error} />;
  const data = summary.data;
  return (
    <SectionCard title={`Pre-screening${data ? ` · ${data.total} candidates` : ''}`} framed={false}>
      {summary.isPending && <Text c="dimmed">Loading…</Text>}
      {data && data.total === 0 && <Text c="dimmed">No candidates pre-screened yet.</Text>}
      {data && data.total > 0 && (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <CountList
            title="By site"
            rows={data.bySite.map((row) => ({ key: row.studySiteId, label: `${row.siteNumber} · ${row.siteName}`, count: row.count }))}
          />
          <CountList
            title="By source"
            rows={data.bySource.map((row) => ({ key: row.source, label: labelOf(candidateSourceOptions, row.source), count: row.count }))}
          />
          <CountList
            title="By outcome"
            rows={data.byOutcome.map((row) => ({
              key: row.outcome,
              label: labelOf(candidateOutcomeOptions, row.outcome),
              count: row.count,
            }))}
          />
        </SimpleGrid>
      )}
      {data && data.reasons.length > 0 && (
        <Paper withBorder radius="md" p="sm" mt="md">
          <Text fw={600} size="sm" mb="xs">
            Reasons not screened
          </Text>
          <Table verticalSpacing={4} aria-label="Reasons not screened">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Outcome</Table.Th>
                <Table.Th scope="col">Reason</Table.Th>
                <Table.Th scope="col" ta="right">
                  Candidates
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.reasons.map((row) => (
                <Table.Tr key={`${row.outcome}:${row.reason}`}>
                  <Table.Td>{labelOf(candidateOutcomeOptions, row.outcome)}</Table.Td>
                  <Table.Td>{row.reason}</Table.Td>
                  <Table.Td ta="right">{row.count}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </SectionCard>
  );
}

function CountList({ title, rows }: { title: string; rows: { key: string; label: string; count: number }[] }) {
  const max = Math.max(1, ...rows.map((row) => row.count));
  return (
    <Paper withBorder radius="md" p="sm">
      <Text fw={600} size="sm" mb="xs">
        {title}
      </Text>
      <Stack gap={6}>
        {rows.map((row) => (
          <div key={row.key}>
            <Group justify="space-between" gap="xs">
              <Text size="sm">{row.label}</Text>
              <Text size="sm" fw={600}>
                {row.count}
              </Text>
            </Group>
            <div style={{ height: 4, borderRadius: 2, background: 'var(--mantine-color-gray-2)' }}>
              <div
                style={{ height: 4, borderRadius: 2, width: `${(row.count / max) * 100}%`, background: 'var(--mantine-color-blue-5)' }}
              />
            </div>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}
