import { Paper, Text } from '@mantine/core';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { useInvitations } from './feasibility-api';
import { InvitationsTable, sortInvitations } from './invitations-table';

/** The feasibility questionnaires sent to the user's sites, open ones first. */
export function InvitationsPage() {
  const invitations = useInvitations({});
  const items = sortInvitations(invitations.data ?? []);
  return (
    <>
      <PageHeader title="Feasibility" subtitle="Questionnaires sponsors sent to your sites" />
      <Paper withBorder radius="md" p="md">
        {invitations.isError && <ProblemAlert error={invitations.error} />}
        {invitations.isSuccess && items.length === 0 && (
          <Text c="dimmed" ta="center" py="lg">
            No feasibility questionnaire has been sent to your sites.
          </Text>
        )}
        {items.length > 0 && <InvitationsTable items={items} />}
      </Paper>
    </>
  );
}
