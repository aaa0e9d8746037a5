import { Center, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useSession } from '../auth/auth-api';
import { EnrollmentBars } from './enrollment-bars';
import { useMyWork } from './home-api';
import { CoordinatorLoadCard, NetworkStudySites } from './network-overview';
import { WorkSectionCard } from './work-section-card';

function greeting(hour: number): string {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

/**
 * The landing page after login: the signed-in user's work for today, in the sections their
 * grants give them (GET /api/me/work), each item a link to the page where it is done.
 */
export function HomePage() {
  const { data: session } = useSession();
  const work = useMyWork();
  const firstName = session?.user.fullName.replace(/^(Dr\.|Dra\.|Prof\.)\s+/, '').split(' ')[0];
  const data = work.data;
  const nothing = data && data.sections.length === 0 && !data.enrollment && !data.network;

  return (
    <Stack gap="lg">
      <PageHeader
        title={firstName ? `${greeting(new Date().getHours())}, ${firstName}` : 'Home'}
        subtitle={
          data
            ? `${data.openItems} open item${data.openItems === 1 ? '' : 's'} across your studies. Each links to where it is done; dates are each site's own calendar day.`
            : "Today's work across your studies."
        }
      />
      {work.isPending && (
        <Center py={60}>
          <Loader aria-label="Loading your work" />
        </Center>
      )}
      {work.isError && <ProblemAlert error={work.error} />}
      {nothing && <Text c="dimmed">Nothing is waiting on you. Your studies and sites are under Studies and Sites.</Text>}
      {data?.network && (
        <>
          <NetworkStudySites rows={data.network.studySites} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <CoordinatorLoadCard coordinators={data.network.coordinators} />
          </SimpleGrid>
        </>
      )}
      {data?.enrollment && <EnrollmentBars studies={data.enrollment} />}
      {data && data.sections.length > 0 && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" verticalSpacing="lg">
          {data.sections.map((section) => (
            <WorkSectionCard key={section.key} section={section} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
