import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { DateField, ReasonField } from '../../components/form-fields';
import { changedFields } from '../../components/form-problems';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { siteToday } from '../../lib/dates';
import { selectData } from '../../lib/enum-labels';
import { invalidatePeople, updateStaffMember } from './person-api';
import { type Staff, type StaffRole, staffRoleOptions } from './person-types';

interface EditStaffValues extends Record<string, unknown> {
  role: StaffRole;
  startDate: string;
  endDate: string;
  reason: string;
}

/** Changes a role or ends it (an end date, never a deletion: the delegation log and audit trail refer to it). */
export function EditStaffModal({ staff, onClose }: { staff: Staff; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<EditStaffValues>({
    initialValues: { role: staff.role, startDate: staff.startDate, endDate: staff.endDate ?? '', reason: '' },
    validate: {
      startDate: (value) => (value ? null : 'Required.'),
      endDate: (value, values) => (value && value < values.startDate ? 'The end cannot come before the start.' : null),
    },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      const changes = changedFields(
        { role: staff.role, startDate: staff.startDate, endDate: staff.endDate },
        { role: values.role, startDate: values.startDate, endDate: values.endDate || null },
      );
      if (Object.keys(changes).length === 0) return Promise.resolve(staff);
      return updateStaffMember(staff.siteId, staff.id, `"${staff.version}"`, { ...changes, reason: values.reason.trim() || null });
    },
    (saved) => {
      invalidatePeople(queryClient, { personId: saved.personId, staffId: saved.id });
      notifications.show({ color: 'green', title: 'Role saved', message: `${saved.personName} at ${saved.siteName}` });
      onClose();
    },
  );
  const today = siteToday(staff.siteTimeZone);
  return (
    <Modal
      opened
      onClose={onClose}
      title={
        <Text fw={600}>
          {staff.personName} at {staff.siteName}
        </Text>
      }
      size="lg"
    >
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <ProblemAlert
            error={submit.error}
            shownPointers={submit.shownPointers}
            onReload={() => {
              invalidatePeople(queryClient);
              onClose();
            }}
          />
          <NativeSelect label="Role" data={selectData(staffRoleOptions)} {...form.getInputProps('role')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DateField label="Start date" required w="100%" {...form.getInputProps('startDate')} />
            <DateField label="End date" description="Set it to end the role" w="100%" {...form.getInputProps('endDate')} />
          </SimpleGrid>
          {!staff.endDate && (
            <Group>
              <Button size="xs" variant="light" color="orange" onClick={() => form.setFieldValue('endDate', today)}>
                End the role today
              </Button>
            </Group>
          )}
          <ReasonField placeholder="e.g. Left the hospital on 30 June" {...form.getInputProps('reason')} />
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
    </Modal>
  );
}
