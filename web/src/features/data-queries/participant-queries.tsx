import { Button, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconMessageQuestion } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DateField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatDay } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { useParticipantVisits } from '../visits/visit-api';
import { invalidateQueries, queryStatusOptions, queryTarget, raiseQuery, useParticipantQueries } from './data-query-api';
import { QueryModal } from './query-modal';

/** The participant's data queries, open first, and for the monitor a way to raise one. */
export function ParticipantQueries({ participantId, subjectNumber }: { participantId: string; subjectNumber: string }) {
  const queries = useParticipantQueries(participantId);
  const canRaise = useCan('query.raise');
  const [raising, setRaising] = useState(false);
  const [openQuery, setOpenQuery] = useState<string | null>(null);
  const order = { open: 0, answered: 1, closed: 2 } as const;
  const items = [...(queries.data ?? [])].sort((a, b) => order[a.status] - order[b.status]);
  return (
    <SectionCard
      title="Data queries"
      actions={
        canRaise && (
          <Button size="xs" variant="light" leftSection={<IconMessageQuestion size={14} aria-hidden />} onClick={() => setRaising(true)}>
            Raise a query
          </Button>
        )
      }
    >
      {queries.isError && <ProblemAlert error={queries.error} />}
      {queries.isSuccess && items.length === 0 && (
        <Text c="dimmed" size="sm">
          No queries about this participant's data.
        </Text>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="xs" aria-label="Data queries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Opened</Table.Th>
                <Table.Th scope="col">About</Table.Th>
                <Table.Th scope="col">Question</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((query) => (
                <Table.Tr key={query.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(query.openedAt.slice(0, 10))}</Table.Td>
                  <Table.Td>{queryTarget(query)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2} maw={360}>
                      {query.text}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge options={queryStatusOptions} value={query.status} />
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" onClick={() => setOpenQuery(query.id)}>
                      Open
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <QueryModal queryId={openQuery} onClose={() => setOpenQuery(null)} />
      <Modal opened={raising} onClose={() => setRaising(false)} title={<Text fw={600}>Raise a query · {subjectNumber}</Text>} size="lg">
        {raising && <RaiseForm participantId={participantId} onClose={() => setRaising(false)} />}
      </Modal>
    </SectionCard>
  );
}

interface RaiseValues extends Record<string, unknown> {
  visitId: string;
  formOid: string;
  itemGroupOid: string;
  itemOid: string;
  text: string;
  dueOn: string;
}

function RaiseForm({ participantId, onClose }: { participantId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const visits = useParticipantVisits(participantId);
  const form = useForm<RaiseValues>({
    initialValues: { visitId: '', formOid: '', itemGroupOid: '', itemOid: '', text: '', dueOn: '' },
    validate: { text: (value) => (value.trim() ? null : 'Write the question.') },
  });
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const submit = useFormMutation(
    form,
    (values) =>
      raiseQuery(participantId, {
        text: values.text.trim(),
        visitId: optional(values.visitId),
        formOid: optional(values.formOid),
        itemGroupOid: optional(values.itemGroupOid),
        itemOid: optional(values.itemOid),
        dueOn: optional(values.dueOn),
      }),
    () => {
      invalidateQueries(queryClient);
      notifications.show({ color: 'green', title: 'Query raised', message: "It is in the site's inbox." });
      onClose();
    },
  );
  const visitOptions = (visits.data ?? []).map((visit) => ({ value: visit.id, label: `${visit.code} · ${visit.name}` }));
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <Group grow align="flex-start">
          <Select
            label="Visit"
            placeholder="The whole casebook"
            clearable
            searchable
            data={visitOptions}
            value={form.getValues().visitId || null}
            onChange={(value) => form.setFieldValue('visitId', value ?? '')}
            error={form.errors.visitId}
          />
          <TextInput label="Form OID" placeholder="e.g. F.VS" {...form.getInputProps('formOid')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="Item group OID" description="For a question on one item" {...form.getInputProps('itemGroupOid')} />
          <TextInput label="Item OID" {...form.getInputProps('itemOid')} />
        </Group>
        <Textarea
          label="Question"
          description="Sponsor monitors read queries: no names, and no treatment arms."
          required
          autosize
          minRows={3}
          maxLength={4000}
          {...form.getInputProps('text')}
        />
        <DateField label="Answer by" description="Optional due day" {...form.getInputProps('dueOn')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Raise query
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
