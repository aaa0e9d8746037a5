import { ActionIcon, Alert, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { useFormMutation } from '../../components/use-form-mutation';
import { selectData } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { type StaffRole, staffRoleOptions } from '../people/person-types';
import { type TrainingKind, trainingKindOptions } from '../training/training-types';
import {
  addTrainingRequirement,
  invalidateProtocols,
  removeTrainingRequirement,
  type TrainingRequirement,
  useProtocolVersions,
  useTrainingRequirements,
} from './protocol-api';

/** What the study requires of each staff role at every site (GCP, protocol training, licences, courses). */
export function TrainingRequirementsPanel({ studyId }: { studyId: string }) {
  const requirements = useTrainingRequirements(studyId);
  const canEdit = useCan('study.update');
  const [removing, setRemoving] = useState<TrainingRequirement | null>(null);
  return (
    <SectionCard title="Training requirements" framed={false}>
      <Stack>
        {requirements.isError && <ProblemAlert error={requirements.error} />}
        {requirements.isSuccess && requirements.data.length === 0 && (
          <Alert color="gray" variant="light">
            No training is required yet: site staff show as trained whatever their records.
          </Alert>
        )}
        {requirements.isSuccess && requirements.data.length > 0 && (
          <Table aria-label="Training requirements">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Role</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Requirement</Table.Th>
                {canEdit && (
                  <Table.Th>
                    <Text size="sm" fw={600}>
                      Remove
                    </Text>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {requirements.data.map((requirement) => (
                <Table.Tr key={requirement.id}>
                  <Table.Td>{staffRoleOptions.find((o) => o.value === requirement.role)?.label ?? requirement.role}</Table.Td>
                  <Table.Td>
                    <StatusBadge options={trainingKindOptions} value={requirement.kind} />
                  </Table.Td>
                  <Table.Td>{requirement.label}</Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${requirement.label} for ${requirement.role}`}
                        onClick={() => setRemoving(requirement)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {canEdit && <AddRequirementForm studyId={studyId} />}
      </Stack>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={<Text fw={600}>Remove a training requirement</Text>}>
        {removing && <RemoveForm studyId={studyId} requirement={removing} onClose={() => setRemoving(null)} />}
      </Modal>
    </SectionCard>
  );
}

interface RequirementValues extends Record<string, unknown> {
  role: StaffRole;
  kind: TrainingKind;
  protocolVersion: string;
  title: string;
  reason: string;
}

function AddRequirementForm({ studyId }: { studyId: string }) {
  const queryClient = useQueryClient();
  const protocols = useProtocolVersions(studyId);
  const form = useForm<RequirementValues>({
    initialValues: { role: 'study_coordinator', kind: 'gcp', protocolVersion: '', title: '', reason: '' },
    validate: {
      protocolVersion: (value, values) =>
        values.kind === 'protocol' && !value.trim() ? 'Name the protocol version the role must be trained on.' : null,
      title: (value, values) => (values.kind === 'other' && !value.trim() ? 'Name the course.' : null),
    },
  });
  const submit = useFormMutation(
    form,
    (values) =>
      addTrainingRequirement(studyId, {
        role: values.role,
        kind: values.kind,
        ...(values.kind === 'protocol' ? { protocolVersion: values.protocolVersion.trim() } : {}),
        ...(values.kind === 'other' ? { title: values.title.trim() } : {}),
        reason: values.reason.trim() || null,
      }),
    (added) => {
      invalidateProtocols(queryClient);
      form.reset();
      notifications.show({ color: 'green', title: 'Training requirement added', message: added.label });
    },
  );
  const kind = form.getValues().kind;
  const versionLabels = [...new Set((protocols.data ?? []).map((p) => p.versionLabel))];
  return (
    <form onSubmit={submit.onSubmit} noValidate aria-label="Add a training requirement">
      <Stack gap="xs">
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <Group align="flex-start" gap="xs">
          <NativeSelect label="Role" data={selectData(staffRoleOptions)} w={220} {...form.getInputProps('role')} />
          <NativeSelect label="Training" data={selectData(trainingKindOptions)} w={140} {...form.getInputProps('kind')} />
          {kind === 'protocol' && (
            <TextInput
              label="Protocol version"
              placeholder={versionLabels[0] ?? '1.0'}
              description={versionLabels.length > 0 ? `Versions: ${versionLabels.join(', ')}` : undefined}
              w={200}
              maxLength={40}
              {...form.getInputProps('protocolVersion')}
            />
          )}
          {kind === 'other' && <TextInput label="Course" w={260} maxLength={200} {...form.getInputProps('title')} />}
          <Button type="submit" mt={25} variant="light" leftSection={<IconPlus size={14} />} loading={submit.isPending}>
            Add requirement
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RemoveForm({ studyId, requirement, onClose }: { studyId: string; requirement: TrainingRequirement; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const remove = useMutation({
    mutationFn: () => removeTrainingRequirement(studyId, requirement.id, reason.trim() || null),
    onSuccess: () => {
      invalidateProtocols(queryClient);
      onClose();
    },
  });
  return (
    <Stack>
      <Text size="sm">
        Staff in the role {requirement.role.replace(/_/g, ' ')} will no longer need: {requirement.label}.
      </Text>
      <ProblemAlert error={remove.error} />
      <ReasonField value={reason} onChange={(event) => setReason(event.currentTarget.value)} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
          Remove requirement
        </Button>
      </Group>
    </Stack>
  );
}
