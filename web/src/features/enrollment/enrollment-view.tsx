import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Anchor, Group, NativeSelect, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ProblemAlert } from '../../components/problem-alert';
import { formatDay } from '../../lib/dates';
import { type Enrollment, funnelSteps, useEnrollment } from './enrollment-api';

interface EnrollmentViewProps {
  studyId: string;
  /** Fixed on a study-site's page; otherwise a picker offers the study's sites. */
  studySiteId?: string;
}

/**
 * The enrollment funnel now and over time against the target line. Loaded lazily: the chart
 * library is only fetched by those who open this view.
 */
export default function EnrollmentView({ studyId, studySiteId: fixedSite }: EnrollmentViewProps) {
  const [interval, setInterval] = useState<'week' | 'month'>('week');
  const [pickedSite, setPickedSite] = useState('');
  const studySiteId = fixedSite ?? (pickedSite || undefined);
  const enrollment = useEnrollment(studyId, studySiteId, interval);
  const studyLevel = useEnrollment(studyId, undefined, interval);
  const data = enrollment.data;
  const siteOptions = (fixedSite ? [] : (studyLevel.data?.sites ?? [])).map((site) => ({
    value: site.studySiteId,
    label: `${site.siteNumber} · ${site.siteName}`,
  }));

  return (
    <Stack>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        {!fixedSite ? (
          <NativeSelect
            label="Scope"
            data={[{ value: '', label: 'Whole study' }, ...siteOptions]}
            value={pickedSite}
            onChange={(event) => setPickedSite(event.currentTarget.value)}
            w={{ base: '100%', sm: 280 }}
          />
        ) : (
          <span />
        )}
        <SegmentedControl
          aria-label="Interval"
          value={interval}
          onChange={(value) => setInterval(value === 'month' ? 'month' : 'week')}
          data={[
            { value: 'week', label: 'Weekly' },
            { value: 'month', label: 'Monthly' },
          ]}
        />
      </Group>
      {enrollment.isError && <ProblemAlert error={enrollment.error} />}
      {enrollment.isPending && <Text c="dimmed">Loading enrollment…</Text>}
      {data && (
        <>
          <FunnelCards enrollment={data} />
          <Paper withBorder radius="md" p="md">
            <Group justify="space-between" mb="sm">
              <Text fw={600}>Cumulative enrollment{data.target ? ` against the target of ${data.target}` : ''}</Text>
              <Text size="xs" c="dimmed">
                As of {formatDay(data.today)}
              </Text>
            </Group>
            {data.series.length === 0 ? (
              <Text c="dimmed" size="sm" py="xl" ta="center">
                No enrollment data yet.
              </Text>
            ) : (
              <LineChart
                h={320}
                data={data.series.map((point) => ({ ...point, label: formatDay(point.date) }))}
                dataKey="label"
                withLegend
                legendProps={{ verticalAlign: 'bottom' }}
                curveType="linear"
                withDots={data.series.length < 30}
                connectNulls
                series={[
                  { name: 'target', label: 'Target', color: 'gray.5', strokeDasharray: '6 4' },
                  { name: 'screened', label: 'Screened', color: 'blue.6' },
                  { name: 'enrolled', label: 'Enrolled', color: 'teal.6' },
                  { name: 'active', label: 'Active', color: 'green.7' },
                  { name: 'screenFailed', label: 'Screen failed', color: 'orange.6' },
                  { name: 'withdrawn', label: 'Withdrawn', color: 'red.6' },
                ]}
              />
            )}
          </Paper>
          {!studySiteId && data.sites.length > 0 && <SitesTable enrollment={data} />}
        </>
      )}
    </Stack>
  );
}

function FunnelCards({ enrollment }: { enrollment: Enrollment }) {
  const { totals, target } = enrollment;
  const widest = Math.max(1, totals.prescreened, totals.screened);
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }} spacing="sm">
      {funnelSteps.map((step) => (
        <Paper key={step.key} withBorder radius="md" p="sm">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {step.label}
          </Text>
          <Text fz={26} fw={700} lh={1.2}>
            {totals[step.key]}
          </Text>
          <Progress
            value={step.key === 'enrolled' && target ? Math.min(100, (totals.enrolled / target) * 100) : (totals[step.key] / widest) * 100}
            color={step.color}
            size="sm"
            mt={6}
            aria-label={`${step.label} bar`}
          />
          {step.key === 'enrolled' && target ? (
            <Text size="xs" c="dimmed" mt={4}>
              {Math.round((totals.enrolled / target) * 100)}% of {target}
            </Text>
          ) : null}
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function SitesTable({ enrollment }: { enrollment: Enrollment }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text fw={600} mb="sm">
        By site
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" striped aria-label="Enrollment by site">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Site</Table.Th>
              {funnelSteps.map((step) => (
                <Table.Th scope="col" key={step.key} ta="right">
                  {step.label}
                </Table.Th>
              ))}
              <Table.Th scope="col" ta="right">
                Target
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {enrollment.sites.map((site) => (
              <Table.Tr key={site.studySiteId}>
                <Table.Td>
                  <Anchor component={Link} to={`/studies/${enrollment.studyId}/sites/${site.studySiteId}`} size="sm">
                    {site.siteNumber} · {site.siteName}
                  </Anchor>
                </Table.Td>
                {funnelSteps.map((step) => (
                  <Table.Td key={step.key} ta="right">
                    {site[step.key]}
                  </Table.Td>
                ))}
                <Table.Td ta="right">{site.targetEnrollment ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
