import { Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { DateField, ReasonField } from '../../components/form-fields';
import { changedFields } from '../../components/form-problems';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { siteToday } from '../../lib/dates';
import { labelOf } from '../../lib/enum-labels';
import { useSiteStaff } from '../people/person-api';
import { isCurrentRole, staffRoleOptions } from '../people/person-types';
import {
  createDelegationEntry,
  type DelegationEntry,
  invalidateDelegation,
  updateDelegationEntry,
  useDelegationTasks,
} from './delegation-api';

interface EntryValues extends Record<string, unknown> {
  personId: string;
  tasks: string[];
  startDate: string;
  endDate: string;
  reason: string;
}

interface EntryModalProps {
  studyId: string;
  studySiteId: string;
  siteId: string;
  /** The site's zone: a delegation starts on the site's day. */
  timeZone: string;
  /** The entry to edit or end; 'new' to delegate to someone. */
  entry: DelegationEntry | 'new' | null;
  onClose: () => void;
}

export function DelegationEntryModal({ entry, onClose, ...props }: EntryModalProps) {
  return (
    <Modal
      opened={entry !== null}
      onClose={onClose}
      title={<Text fw={600}>{entry === 'new' ? 'Delegate tasks' : entry ? `Delegation of ${entry.personName}` : ''}</Text>}
      size="lg"
    >
      {entry && <EntryForm entry={entry === 'new' ? null : entry} onClose={onClose} {...props} />}
    </Modal>
  );
}

function EntryForm({
  studyId,
  studySiteId,
  siteId,
  timeZone,
  entry,
  onClose,
}: Omit<EntryModalProps, 'entry'> & { entry: DelegationEntry | null }) {
  const queryClient = useQueryClient();
  const tasks = useDelegationTasks(studyId);
  const staff = useSiteStaff(siteId);
  const form = useForm<EntryValues>({
    initialValues: {
      personId: entry?.personId ?? '',
      tasks: entry?.tasks.map((task) => task.code) ?? [],
      startDate: entry?.startDate ?? siteToday(timeZone),
      endDate: entry?.endDate ?? '',
      reason: '',
    },
    validate: {
      personId: (value) => (value ? null : 'Choose the person.'),
      tasks: (value) => (value.length ? null : 'Delegate at least one task.'),
      endDate: (value, values) => (value && value < values.startDate ? 'The end cannot come before the start.' : null),
    },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      const body = { tasks: values.tasks, startDate: values.startDate, endDate: values.endDate || null };
      if (!entry)
        return createDelegationEntry(studyId, studySiteId, { ...body, personId: values.personId, reason: values.reason.trim() || null });
      const before = {
        tasks: entry.tasks
          .map((task) => task.code)
          .sort()
          .join(','),
        startDate: entry.startDate,
        endDate: entry.endDate,
      };
      const changes = changedFields(before, { ...body, tasks: [...values.tasks].sort().join(',') });
      if (Object.keys(changes).length === 0) return Promise.resolve(entry);
      return updateDelegationEntry(entry, {
        ...(changes.tasks !== undefined ? { tasks: values.tasks } : {}),
        ...(changes.startDate !== undefined ? { startDate: values.startDate } : {}),
        ...(changes.endDate !== undefined ? { endDate: values.endDate || null } : {}),
        reason: values.reason.trim() || null,
      });
    },
    (saved) => {
      invalidateDelegation(queryClient, saved.id);
      notifications.show({
        color: 'green',
        title: 'Delegation saved',
        message: `${saved.personName}: ${saved.tasks.length} task(s). The principal investigator's signature is needed.`,
      });
      onClose();
    },
  );
  const people = [
    ...new Map((staff.data ?? []).filter((member) => isCurrentRole(member)).map((member) => [member.personId, member])).values(),
  ];
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={() => invalidateDelegation(queryClient)} />
        <Select
          label="Person"
          required
          disabled={Boolean(entry)}
          placeholder={staff.isPending ? 'Loading the site staff…' : 'Choose a staff member'}
          data={
            entry
              ? [{ value: entry.personId, label: entry.personName }]
              : people.map((member) => ({
                  value: member.personId,
                  label: `${member.personName} (${labelOf(staffRoleOptions, member.role)})`,
                }))
          }
          searchable
          {...form.getInputProps('personId')}
        />
        <MultiSelect
          label="Tasks"
          required
          description="The study's task list (the PI delegates only what the person is qualified for)"
          data={(tasks.data ?? []).map((task) => ({ value: task.code, label: task.label }))}
          searchable
          {...form.getInputProps('tasks')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField label="Start date" required w="100%" {...form.getInputProps('startDate')} />
          <DateField label="End date" description="Set it to end the delegation" w="100%" {...form.getInputProps('endDate')} />
        </SimpleGrid>
        <ReasonField {...form.getInputProps('reason')} />
        <Text size="xs" c="dimmed">
          A change to the person's tasks or dates needs a new signature of the principal investigator.
        </Text>
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
