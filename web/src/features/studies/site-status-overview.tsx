import { Group, Progress, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { SectionCard } from '../../components/section-card';
import { colorOf } from '../../lib/enum-labels';
import { useStudySiteStatusCounts } from '../study-sites/study-site-api';
import { studySiteStatusOptions } from '../study-sites/study-site-types';
import type { Study } from './study-types';

/** Where the study's sites stand, from candidate to closed: the first thing a study manager checks. */
export function SiteStatusOverview({ study }: { study: Study }) {
  const query = useStudySiteStatusCounts(study.id);
  const counts = query.data?.counts ?? {};
  const total = studySiteStatusOptions.reduce((sum, { value }) => sum + (counts[value] ?? 0), 0);
  const enrolling = (counts.active ?? 0) + (counts.enrollment_closed ?? 0);

  return (
    <SectionCard title="Site status overview">
      {query.isPending ? (
        <Text c="dimmed">Counting sites…</Text>
      ) : (
        <Stack gap="md">
          <Progress.Root size={22} aria-label="Sites by status" role="img">
            {total === 0 && <Progress.Section value={100} color="gray.2" />}
            {studySiteStatusOptions.map((option) => {
              const count = counts[option.value] ?? 0;
              if (!count) return null;
              return (
                <Tooltip key={option.value} label={`${option.label}: ${count}`}>
                  <Progress.Section value={(count / total) * 100} color={colorOf(studySiteStatusOptions, option.value)}>
                    <Progress.Label>{count}</Progress.Label>
                  </Progress.Section>
                </Tooltip>
              );
            })}
          </Progress.Root>
          <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {studySiteStatusOptions.map((option) => (
              <Group gap={6} key={option.value} component="li" wrap="nowrap">
                <span
                  aria-hidden
                  style={{
                    width: 10,
                    height: 10,
                    borderRadius: 2,
                    background: `var(--mantine-color-${option.color}-filled)`,
                    flex: 'none',
                  }}
                />
                <Text size="sm">
                  {option.label}: <strong>{counts[option.value] ?? 0}</strong>
                </Text>
              </Group>
            ))}
          </SimpleGrid>
          <Group gap="xl">
            <Metric label="Sites in study" value={study.plannedSites ? `${total} of ${study.plannedSites} planned` : String(total)} />
            <Metric label="Activated (active or enrollment closed)" value={String(enrolling)} />
            <Metric
              label="Site enrollment targets"
              value={
                study.enrollmentTarget
                  ? `${query.data?.targetEnrollment ?? 0} of ${study.enrollmentTarget} participants`
                  : String(query.data?.targetEnrollment ?? 0)
              }
            />
          </Group>
        </Stack>
      )}
    </SectionCard>
  );
}

function Metric({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </div>
  );
}
