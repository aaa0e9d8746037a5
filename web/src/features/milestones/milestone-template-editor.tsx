import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { useFormMutation } from '../../components/use-form-mutation';
import { useCan } from '../auth/auth-api';
import {
  addDefaultMilestones,
  addMilestoneTemplate,
  invalidateMilestones,
  type MilestoneTemplate,
  removeMilestoneTemplate,
  updateMilestoneTemplate,
  useMilestoneTemplates,
} from './milestone-api';

/** The study's start-up plan: milestones, their order, dependencies, typical durations and the activation gate. */
export function MilestoneTemplateEditor({ studyId }: { studyId: string }) {
  const templates = useMilestoneTemplates(studyId);
  const canWrite = useCan('milestoneTemplate.write');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<MilestoneTemplate | 'new' | null>(null);
  const [removing, setRemoving] = useState<MilestoneTemplate | null>(null);
  const defaults = useMutation({
    mutationFn: () => addDefaultMilestones(studyId),
    onSuccess: () => {
      invalidateMilestones(queryClient);
      notifications.show({ color: 'green', title: 'Default milestones added', message: 'From CDA to activation.' });
    },
  });
  const items = templates.data ?? [];
  const names = Object.fromEntries(items.map((item) => [item.code, item.name]));
  return (
    <SectionCard
      title="Start-up milestones"
      framed={false}
      actions={
        canWrite && (
          <>
            {templates.isSuccess && items.length === 0 && (
              <Button size="sm" variant="default" loading={defaults.isPending} onClick={() => defaults.mutate()}>
                Use the default template
              </Button>
            )}
            <Button size="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
              Add milestone
            </Button>
          </>
        )
      }
    >
      <Text size="sm" c="dimmed" mb="sm">
        Every site of the study tracks these milestones. Milestones marked required for activation must have an actual date before a site
        can become active (or the status change must override the gate with a reason).
      </Text>
      {templates.isError && <ProblemAlert error={templates.error} />}
      {defaults.isError && <ProblemAlert error={defaults.error} />}
      {templates.isSuccess && items.length === 0 && <Text c="dimmed">No milestones yet.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" aria-label="Start-up milestone template">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Order</Table.Th>
                <Table.Th scope="col">Milestone</Table.Th>
                <Table.Th scope="col">Comes after</Table.Th>
                <Table.Th scope="col">Typical days</Table.Th>
                <Table.Th scope="col">Activation gate</Table.Th>
                {canWrite && <Table.Th scope="col">Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>{item.sequence}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {item.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {item.code}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{item.dependsOn.map((code) => names[code] ?? code).join(', ') || '—'}</Text>
                  </Table.Td>
                  <Table.Td>{item.typicalDurationDays}</Table.Td>
                  <Table.Td>
                    {item.requiredForActivation ? (
                      <Badge color="grape" variant="light" tt="none" radius="sm">
                        Required
                      </Badge>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <ActionIcon variant="subtle" aria-label={`Edit ${item.name}`} onClick={() => setEditing(item)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                        <ActionIcon variant="subtle" color="red" aria-label={`Remove ${item.name}`} onClick={() => setRemoving(item)}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={<Text fw={600}>{editing === 'new' ? 'Add a milestone' : 'Edit milestone'}</Text>}
        size="lg"
      >
        {editing && (
          <TemplateForm studyId={studyId} template={editing === 'new' ? null : editing} all={items} onClose={() => setEditing(null)} />
        )}
      </Modal>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={<Text fw={600}>Remove a milestone</Text>}>
        {removing && <RemoveTemplateForm template={removing} onClose={() => setRemoving(null)} />}
      </Modal>
    </SectionCard>
  );
}

interface TemplateValues extends Record<string, unknown> {
  code: string;
  name: string;
  sequence: number | string;
  requiredForActivation: boolean;
  typicalDurationDays: number | string;
  dependsOn: string[];
  reason: string;
}

function TemplateForm({
  studyId,
  template,
  all,
  onClose,
}: {
  studyId: string;
  template: MilestoneTemplate | null;
  all: MilestoneTemplate[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<TemplateValues>({
    initialValues: {
      code: template?.code ?? '',
      name: template?.name ?? '',
      sequence: template?.sequence ?? '',
      requiredForActivation: template?.requiredForActivation ?? false,
      typicalDurationDays: template?.typicalDurationDays ?? 0,
      dependsOn: template?.dependsOn ?? [],
      reason: '',
    },
    validate: {
      code: (value) => (/^[a-z][a-z0-9_]{0,59}$/.test(value) ? null : 'Lower-case letters, digits and _, starting with a letter.'),
      name: (value) => (value.trim() ? null : 'Required.'),
    },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      const body = {
        name: values.name.trim(),
        ...(values.sequence === '' ? {} : { sequence: Number(values.sequence) }),
        requiredForActivation: values.requiredForActivation,
        typicalDurationDays: Number(values.typicalDurationDays || 0),
        dependsOn: values.dependsOn,
        reason: values.reason.trim() || null,
      };
      return template ? updateMilestoneTemplate(template, body) : addMilestoneTemplate(studyId, { ...body, code: values.code });
    },
    (saved) => {
      invalidateMilestones(queryClient);
      notifications.show({ color: 'green', title: 'Milestone saved', message: saved.name });
      onClose();
    },
  );
  const others = all.filter((item) => item.code !== template?.code).map((item) => ({ value: item.code, label: item.name }));
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={() => invalidateMilestones(queryClient)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Name" required maxLength={200} {...form.getInputProps('name')} />
          <TextInput
            label="Code"
            description="Stable key, e.g. irb_approval"
            required
            disabled={Boolean(template)}
            maxLength={60}
            {...form.getInputProps('code')}
          />
          <NumberInput
            label="Order on the board"
            min={0}
            allowDecimal={false}
            placeholder="After the last one"
            {...form.getInputProps('sequence')}
          />
          <NumberInput
            label="Typical duration (days)"
            description="From the latest milestone it comes after"
            min={0}
            max={3650}
            allowDecimal={false}
            {...form.getInputProps('typicalDurationDays')}
          />
        </SimpleGrid>
        <MultiSelect label="Comes after" data={others} searchable clearable {...form.getInputProps('dependsOn')} />
        <Checkbox label="Required for activation" {...form.getInputProps('requiredForActivation', { type: 'checkbox' })} />
        <ReasonField {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RemoveTemplateForm({ template, onClose }: { template: MilestoneTemplate; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const remove = useMutation({
    mutationFn: () => removeMilestoneTemplate(template, reason.trim()),
    onSuccess: () => {
      invalidateMilestones(queryClient);
      notifications.show({ color: 'green', title: 'Milestone removed', message: template.name });
      onClose();
    },
  });
  return (
    <Stack>
      <ProblemAlert error={remove.error} />
      <Text size="sm">
        <strong>{template.name}</strong> leaves the template, with the dates every site recorded for it (kept in the audit trail).
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
