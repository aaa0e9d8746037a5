import { Anchor, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { formStatusOptions, useParticipantForms } from './data-entry-api';

/** Each visit's case report forms with their status, each a link to its data entry page. */
export function VisitFormsSection({ participantId }: { participantId: string }) {
  const forms = useParticipantForms(participantId);
  const visits = (forms.data?.visits ?? []).filter((visit) => visit.forms.length > 0);
  return (
    <SectionCard title="Case report forms">
      {forms.isError && <ProblemAlert error={forms.error} />}
      {forms.isSuccess && visits.length === 0 && (
        <Text size="sm" c="dimmed">
          No forms: the protocol version of these visits has no CRF metadata yet (import it on the study's protocol page).
        </Text>
      )}
      {visits.length > 0 && (
        <Table verticalSpacing="xs" aria-label="Forms per visit">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={200}>Visit</Table.Th>
              <Table.Th>Forms</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visits.map((visit) => (
              <Table.Tr key={visit.visitId}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {visit.visitName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {visit.visitCode}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="lg">
                    {visit.forms.map((form) => (
                      <Group key={form.formOid} gap={6} wrap="nowrap">
                        <Anchor
                          component={Link}
                          to={`/participants/${participantId}/visits/${visit.visitId}/forms/${encodeURIComponent(form.formOid)}`}
                          size="sm"
                          aria-label={`${form.name} at ${visit.visitName}`}
                        >
                          {form.name}
                        </Anchor>
                        <StatusBadge options={formStatusOptions} value={form.status} />
                      </Group>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SectionCard>
  );
}
