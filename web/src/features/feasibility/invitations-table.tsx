import { Anchor, Badge, Table } from '@mantine/core';
import { Link } from 'react-router';
import { formatInstant } from '../../lib/dates';
import type { Invitation } from './feasibility-api';

/** Open invitations first, then the newest. */
export function sortInvitations(items: Invitation[]): Invitation[] {
  return [...items].sort((a, b) => (a.status === b.status ? b.sentAt.localeCompare(a.sentAt) : a.status === 'open' ? -1 : 1));
}

/** Questionnaires sent to the user's sites, each leading to the site's answers. */
export function InvitationsTable({ items, showStudy = true }: { items: Invitation[]; showStudy?: boolean }) {
  return (
    <Table verticalSpacing="sm" aria-label="Feasibility questionnaires">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Questionnaire</Table.Th>
          {showStudy && <Table.Th scope="col">Study</Table.Th>}
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
            {showStudy && <Table.Td>{invitation.studyShortName}</Table.Td>}
            <Table.Td>
              {invitation.siteNumber} · {invitation.siteName}
            </Table.Td>
            <Table.Td>{formatInstant(invitation.sentAt)}</Table.Td>
            <Table.Td>
              <Badge color={invitation.status === 'open' ? 'blue' : 'green'} variant="light" tt="none" radius="sm">
                {invitation.status === 'open' ? 'To answer' : 'Submitted'}
              </Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
