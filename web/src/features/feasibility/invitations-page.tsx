import { Anchor, Badge, Paper, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { formatUtc } from '../../lib/dates';
import { useInvitations } from './feasibility-api';

/** The feasibility questionnaires sent to the user's sites, open ones first. */
export function InvitationsPage() {
  const invitations = useInvitations({});
  const items = [...(invitations.data ?? [])].sort((a, b) =>
    a.status === b.status ? b.sentAt.localeCompare(a.sentAt) : a.status === 'open' ? -1 : 1,
  );
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
        {items.length > 0 && (
          <Table verticalSpacing="sm" aria-label="Feasibility questionnaires">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Questionnaire</Table.Th>
                <Table.Th scope="col">Study</Table.Th>
                <Table.Th scope="col">Site</Table.Th>
                <Table.Th scope="col">Sent</Table.Th>
                <Table.Th scope="col">State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((invitation) => (
                <Table.Tr key={invitation.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/feasibility/invitations/${invitation.id}`} fw={600}>
                      {invitation.questionnaireTitle}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{invitation.studyShortName}</Table.Td>
                  <Table.Td>
                    {invitation.siteNumber} · {invitation.siteName}
                  </Table.Td>
                  <Table.Td>{formatUtc(invitation.sentAt)}</Table.Td>
                  <Table.Td>
                    <Badge color={invitation.status === 'open' ? 'blue' : 'green'} variant="light" tt="none" radius="sm">
                      {invitation.status === 'open' ? 'To answer' : 'Submitted'}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </>
  );
}
