import { Button, Group, Modal, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { DateField, ReasonField } from '../../components/form-fields';
import { changedFields } from '../../components/form-problems';
import { ProblemAlert } from '../../components/problem-alert';
import { StatusBadge } from '../../components/status-badge';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatDay, siteToday } from '../../lib/dates';
import {
  invalidateMilestones,
  milestoneStatusOptions,
  type StudySiteMilestone,
  updateStudySiteMilestone,
  useStudySiteMilestones,
} from './milestone-api';

export interface MilestoneTarget {
  studySiteId: string;
  milestoneId: string;
  siteLabel: string;
}

/** Sets the planned and actual date of one milestone at one site; read fresh so If-Match carries its current version. */
export function MilestoneDateModal({ studyId, target, onClose }: { studyId: string; target: MilestoneTarget | null; onClose: () => void }) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={<Text fw={600}>{target ? `Milestone at ${target.siteLabel}` : ''}</Text>}
      size="lg"
    >
      {target && <MilestoneLoader studyId={studyId} target={target} onClose={onClose} />}
    </Modal>
  );
}

function MilestoneLoader({ studyId, target, onClose }: { studyId: string; target: MilestoneTarget; onClose: () => void }) {
  const query = useStudySiteMilestones(studyId, target.studySiteId);
  if (query.isPending) return <Text c="dimmed">Loading…</Text>;
  if (query.isError) return <ProblemAlert error={query.error} />;
  const item = query.data.items.find((candidate) => candidate.milestoneId === target.milestoneId);
  if (!item) return <Text>This milestone is no longer in the study's template.</Text>;
  return (
    <MilestoneForm
      studyId={studyId}
      item={item}
      timeZone={query.data.timeZone}
      names={Object.fromEntries(query.data.items.map((i) => [i.code, i.name]))}
      onClose={onClose}
    />
  );
}

interface MilestoneValues extends Record<string, unknown> {
  plannedDate: string;
  actualDate: string;
  note: string;
  reason: string;
}

function MilestoneForm({
  studyId,
  item,
  timeZone,
  names,
  onClose,
}: {
  studyId: string;
  item: StudySiteMilestone;
  /** The site's zone: "not in the future" is the site's today, as the server judges it. */
  timeZone: string;
  names: Record<string, string>;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const today = siteToday(timeZone);
  const form = useForm<MilestoneValues>({
    initialValues: { plannedDate: item.plannedDate ?? '', actualDate: item.actualDate ?? '', note: item.note ?? '', reason: '' },
    validate: { actualDate: (value) => (value && value > today ? 'An actual date cannot be in the future.' : null) },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      const changes = changedFields(
        { plannedDate: item.plannedDate, actualDate: item.actualDate, note: item.note },
        { plannedDate: values.plannedDate || null, actualDate: values.actualDate || null, note: values.note.trim() || null },
      );
      if (Object.keys(changes).length === 0) return Promise.resolve(item);
      return updateStudySiteMilestone(studyId, item, { ...changes, reason: values.reason.trim() || null });
    },
    (saved) => {
      invalidateMilestones(queryClient);
      queryClient.invalidateQueries({ queryKey: ['study-sites'] });
      notifications.show({ color: 'green', title: 'Milestone saved', message: saved.name });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={() => invalidateMilestones(queryClient)} />
        <Group gap="xs">
          <Text fw={600}>{item.name}</Text>
          <StatusBadge options={milestoneStatusOptions} value={item.status} />
          {item.requiredForActivation && (
            <Text size="xs" c="dimmed">
              Required for activation
            </Text>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {item.actualDate
            ? `Done on ${formatDay(item.actualDate)}.`
            : item.projectedDate
              ? `Projected for ${formatDay(item.projectedDate)}.`
              : 'Not projected: the site is closed.'}
          {item.dependsOn.length > 0 && ` Comes after: ${item.dependsOn.map((code) => names[code] ?? code).join(', ')}.`}
          {item.blockedBy.length > 0 && ` Waiting for: ${item.blockedBy.map((code) => names[code] ?? code).join(', ')}.`}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField label="Planned date" w="100%" {...form.getInputProps('plannedDate')} />
          <DateField
            label="Actual date"
            description="When it really happened; not in the future"
            w="100%"
            {...form.getInputProps('actualDate')}
          />
        </SimpleGrid>
        <Textarea label="Note" autosize minRows={2} maxLength={2000} {...form.getInputProps('note')} />
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
