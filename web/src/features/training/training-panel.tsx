import { ActionIcon, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answer, api } from '../../app/api-client';
import { DateField, ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { RemoteSelect } from '../../components/remote-select';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatDay } from '../../lib/dates';
import { selectData } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { createTrainingRecord, deleteTrainingRecord, invalidateTraining, updateTrainingRecord, useTrainingRecords } from './training-api';
import { type TrainingKind, type TrainingRecord, trainingKindOptions, trainingStatusOptions } from './training-types';

async function searchStudies(q: string, signal: AbortSignal) {
  const page = await answer(api.GET('/api/studies', { params: { query: { q, limit: 50 } }, signal }));
  return page.items.map((study) => ({ value: study.id, label: `${study.shortName} (${study.protocolNumber})` }));
}

/** A person's training (ICH E6(R3) 2.2: qualified by education, training and experience), with expiry. */
export function TrainingPanel({ personId, studyNames }: { personId: string; studyNames?: Record<string, string> }) {
  const records = useTrainingRecords(personId);
  const canWrite = useCan('training.write');
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<TrainingRecord | null>(null);
  const [editing, setEditing] = useState<TrainingRecord | null>(null);
  const rows = [...(records.data ?? [])].sort((a, b) => b.completedOn.localeCompare(a.completedOn));
  return (
    <SectionCard
      title="Training records"
      actions={
        canWrite && (
          <Button size="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            Add training
          </Button>
        )
      }
    >
      {records.isError && <ProblemAlert error={records.error} />}
      {records.isSuccess && rows.length === 0 && <Text c="dimmed">No training recorded yet.</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" aria-label="Training records">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Training</Table.Th>
                <Table.Th scope="col">Kind</Table.Th>
                <Table.Th scope="col">Completed</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {canWrite && <Table.Th scope="col">Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((record) => (
                <Table.Tr key={record.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {record.title}
                    </Text>
                    {(record.protocolVersion || record.studyId) && (
                      <Text size="xs" c="dimmed">
                        {[
                          record.studyId && (studyNames?.[record.studyId] ?? 'Study'),
                          record.protocolVersion && `protocol v${record.protocolVersion}`,
                        ]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge options={trainingKindOptions} value={record.kind} />
                  </Table.Td>
                  <Table.Td>{formatDay(record.completedOn)}</Table.Td>
                  <Table.Td>{formatDay(record.expiresOn)}</Table.Td>
                  <Table.Td>
                    <StatusBadge options={trainingStatusOptions} value={record.status} />
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Tooltip label="Edit this record">
                        <ActionIcon variant="subtle" aria-label={`Edit ${record.title}`} onClick={() => setEditing(record)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Remove this record">
                        <ActionIcon variant="subtle" color="red" aria-label={`Remove ${record.title}`} onClick={() => setDeleting(record)}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title={<Text fw={600}>Add a training record</Text>} size="lg">
        {adding && <AddTrainingForm personId={personId} onClose={() => setAdding(false)} />}
      </Modal>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={<Text fw={600}>Edit a training record</Text>} size="lg">
        {editing && <AddTrainingForm personId={personId} record={editing} onClose={() => setEditing(null)} />}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={<Text fw={600}>Remove a training record</Text>}>
        {deleting && <DeleteTrainingForm record={deleting} onClose={() => setDeleting(null)} />}
      </Modal>
    </SectionCard>
  );
}

interface TrainingValues extends Record<string, unknown> {
  title: string;
  kind: TrainingKind;
  studyId: string;
  protocolVersion: string;
  completedOn: string;
  expiresOn: string;
  reason: string;
}

/** Adds a record, or edits `record` (its kind stays: a GCP course does not become a licence). */
function AddTrainingForm({ personId, record, onClose }: { personId: string; record?: TrainingRecord; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<TrainingValues>({
    initialValues: {
      title: record?.title ?? '',
      kind: record?.kind ?? 'gcp',
      studyId: record?.studyId ?? '',
      protocolVersion: record?.protocolVersion ?? '',
      completedOn: record?.completedOn ?? '',
      expiresOn: record?.expiresOn ?? '',
      reason: '',
    },
    validate: {
      title: (value) => (value.trim() ? null : 'Required.'),
      completedOn: (value) => (value ? null : 'Required.'),
      expiresOn: (value, values) =>
        values.kind === 'licence' && !value
          ? 'A licence must have an expiry date.'
          : value && value < values.completedOn
            ? 'Training cannot expire before it was completed.'
            : null,
      protocolVersion: (value, values) => (values.kind === 'protocol' && !value.trim() ? 'Name the protocol version.' : null),
    },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      const input = {
        title: values.title.trim(),
        studyId: values.studyId || null,
        protocolVersion: values.kind === 'protocol' ? values.protocolVersion.trim() : null,
        completedOn: values.completedOn,
        expiresOn: values.expiresOn || null,
      };
      return record
        ? updateTrainingRecord(record, { ...input, reason: values.reason.trim() || null })
        : createTrainingRecord(personId, { ...input, kind: values.kind });
    },
    (saved) => {
      invalidateTraining(queryClient, saved.id);
      notifications.show({ color: 'green', title: record ? 'Training record saved' : 'Training recorded', message: saved.title });
      onClose();
    },
  );
  const kind = form.getValues().kind;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert
          error={submit.error}
          shownPointers={submit.shownPointers}
          onReload={
            record
              ? () => {
                  invalidateTraining(queryClient);
                  onClose();
                }
              : undefined
          }
        />
        <TextInput label="Training" required maxLength={200} placeholder="e.g. ICH GCP E6(R3) refresher" {...form.getInputProps('title')} />
        <NativeSelect label="Kind" data={selectData(trainingKindOptions)} disabled={Boolean(record)} {...form.getInputProps('kind')} />
        {kind === 'protocol' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <RemoteSelect
              label="Study"
              queryKey={['studies', 'search']}
              search={searchStudies}
              clearable
              error={form.errors.studyId}
              value={form.getValues().studyId || null}
              onChange={(value) => form.setFieldValue('studyId', value ?? '')}
            />
            <TextInput label="Protocol version" required maxLength={40} placeholder="e.g. 3.0" {...form.getInputProps('protocolVersion')} />
          </SimpleGrid>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField label="Completed on" required w="100%" {...form.getInputProps('completedOn')} />
          <DateField
            label="Expires on"
            required={kind === 'licence'}
            description={kind === 'gcp' ? 'Empty: three years after completion' : undefined}
            w="100%"
            {...form.getInputProps('expiresOn')}
          />
        </SimpleGrid>
        {record && <ReasonField {...form.getInputProps('reason')} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            {record ? 'Save training' : 'Add training'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DeleteTrainingForm({ record, onClose }: { record: TrainingRecord; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const remove = useMutation({
    mutationFn: () => deleteTrainingRecord(record, reason.trim()),
    onSuccess: () => {
      invalidateTraining(queryClient);
      notifications.show({ color: 'green', title: 'Training record removed', message: record.title });
      onClose();
    },
  });
  return (
    <Stack>
      <ProblemAlert error={remove.error} />
      <Text size="sm">
        <strong>{record.title}</strong> will no longer count for this person's qualifications or delegated tasks.
      </Text>
      <ReasonField required value={reason} onChange={(event) => setReason(event.currentTarget.value)} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color="red" disabled={!reason.trim()} loading={remove.isPending} onClick={() => remove.mutate()}>
          Remove
        </Button>
      </Group>
    </Stack>
  );
}
