import { Anchor, Group, Progress, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { SectionCard } from '../../components/section-card';
import type { StudyEnrollment } from './home-api';

const percent = (enrolled: number, target: number | null) => (target ? Math.round((enrolled / target) * 100) : null);

/** Enrolled against target for each study the user oversees: a bar each, read at a glance. */
export function EnrollmentBars({ studies }: { studies: StudyEnrollment[] }) {
  return (
    <SectionCard title="Enrollment against target">
      {studies.length === 0 ? (
        <Text size="sm" c="dimmed">
          No study yet.
        </Text>
      ) : (
        <Stack gap="md" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {studies.map((study) => {
            const share = percent(study.enrolled, study.target);
            return (
              <Stack gap={4} component="li" key={study.studyId} data-study={study.studyShortName}>
                <Group justify="space-between" wrap="nowrap">
                  <Anchor component={Link} to={study.link} fw={600} size="sm">
                    {study.studyShortName}
                  </Anchor>
                  <Text size="sm">
                    <b>{study.enrolled}</b>
                    {study.target ? ` of ${study.target} enrolled (${share}%)` : ' enrolled, no target set'}
                  </Text>
                </Group>
                <Progress
                  value={Math.min(share ?? 0, 100)}
                  size="lg"
                  radius="sm"
                  color={share !== null && share >= 100 ? 'green' : 'teal'}
                  aria-label={`${study.studyShortName}: ${study.enrolled} of ${study.target ?? 'no'} target enrolled`}
                />
                <Text size="xs" c="dimmed">
                  {study.screened} screened at {study.studySites} site{study.studySites === 1 ? '' : 's'}
                </Text>
              </Stack>
            );
          })}
        </Stack>
      )}
    </SectionCard>
  );
}
