import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../app/api-client';
import { ProblemAlert } from '../../components/problem-alert';
import { formatInstant } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { useInvitations, useQuestionnaires } from './feasibility-api';
import { InvitationsTable, sortInvitations } from './invitations-table';
import { QuestionnaireBuilderModal } from './questionnaire-builder';

/** The study's feasibility questionnaires; each leads to its invitations and ranked short-list. */
export function FeasibilityTab({ studyId }: { studyId: string }) {
  const questionnaires = useQuestionnaires(studyId);
  const canWrite = useCan('feasibility.write');
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const items = [...(questionnaires.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  // Questionnaires are the study team's (404 to whoever sees the study only through a site):
  // site staff see what was sent to their sites instead (#11).
  if (isApiError(questionnaires.error, 404)) {
    return <SiteFeasibility studyId={studyId} />;
  }
  return (
    <>
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          Send a questionnaire to candidate sites, then select or reject them from the ranked short-list.
        </Text>
        {canWrite && (
          <Button size="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New questionnaire
          </Button>
        )}
      </Group>
      {questionnaires.isError && <ProblemAlert error={questionnaires.error} />}
      {questionnaires.isSuccess && items.length === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          No feasibility questionnaire yet.
        </Text>
      )}
      {items.length > 0 && (
        <Table verticalSpacing="sm" aria-label="Feasibility questionnaires">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Questionnaire</Table.Th>
              <Table.Th scope="col">Revision</Table.Th>
              <Table.Th scope="col">Questions</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/studies/${studyId}/feasibility/${item.id}`} fw={600}>
                    {item.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{item.revision}</Table.Td>
                <Table.Td>{item.questions.length}</Table.Td>
                <Table.Td>{item.status === 'sent' && item.sentAt ? `Sent ${formatInstant(item.sentAt)}` : 'Draft'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <QuestionnaireBuilderModal
        studyId={studyId}
        questionnaire={null}
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(saved) => navigate(`/studies/${studyId}/feasibility/${saved.id}`)}
      />
    </>
  );
}

/** What a site user sees of a study's feasibility: the questionnaires sent to their sites. */
function SiteFeasibility({ studyId }: { studyId: string }) {
  const invitations = useInvitations({ studyId });
  const items = sortInvitations(invitations.data ?? []);
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        The questionnaires the study team sent to your sites. Answering them is how a site asks to take part; the ranking of sites stays
        with the study team.
      </Text>
      {invitations.isError && <ProblemAlert error={invitations.error} />}
      {invitations.isSuccess && items.length === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          No feasibility questionnaire of this study was sent to your sites.
        </Text>
      )}
      {items.length > 0 && <InvitationsTable items={items} showStudy={false} />}
    </>
  );
}
