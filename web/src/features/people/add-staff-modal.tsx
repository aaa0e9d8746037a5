import { Button, Group, Modal, NativeSelect, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../app/api-client';
import { DateField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { RemoteSelect } from '../../components/remote-select';
import { useFormMutation } from '../../components/use-form-mutation';
import { siteToday } from '../../lib/dates';
import { labelOf, selectData } from '../../lib/enum-labels';
import { addStaffMember, invalidatePeople, searchPeople } from './person-api';
import { type StaffRole, staffRoleOptions } from './person-types';

interface AddStaffValues extends Record<string, unknown> {
  mode: 'new' | 'existing';
  personId: string;
  fullName: string;
  email: string;
  professionalTitle: string;
  role: StaffRole;
  startDate: string;
  endDate: string;
}

interface AddStaffModalProps {
  siteId: string;
  /** The site's zone: a role starts on the site's day. */
  timeZone: string;
  opened: boolean;
  onClose: () => void;
}

export function AddStaffModal({ opened, onClose, ...props }: AddStaffModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Add staff to this site</Text>} size="lg">
      {opened && <AddStaffForm {...props} onClose={onClose} />}
    </Modal>
  );
}

/** The API names a new person's fields '/person/fullName'; the form has them flat. */
function flattenPersonPointers(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.problem.errors) return error;
  return new ApiError({
    ...error.problem,
    errors: error.problem.errors.map((problem) => ({ ...problem, pointer: problem.pointer.replace(/^\/person\//, '/') })),
  });
}

function AddStaffForm({ siteId, timeZone, onClose }: Omit<AddStaffModalProps, 'opened'>) {
  const queryClient = useQueryClient();
  const form = useForm<AddStaffValues>({
    initialValues: {
      mode: 'new',
      personId: '',
      fullName: '',
      email: '',
      professionalTitle: '',
      role: 'sub_investigator',
      startDate: siteToday(timeZone),
      endDate: '',
    },
    validate: {
      personId: (value, values) => (values.mode === 'existing' && !value ? 'Choose the person.' : null),
      fullName: (value, values) => (values.mode === 'new' && !value.trim() ? 'Required.' : null),
      startDate: (value) => (value ? null : 'Required.'),
      endDate: (value, values) => (value && value < values.startDate ? 'The end cannot come before the start.' : null),
    },
  });
  const submit = useFormMutation(
    form,
    async (values) => {
      try {
        return await addStaffMember(siteId, {
          ...(values.mode === 'existing'
            ? { personId: values.personId }
            : {
                person: {
                  fullName: values.fullName.trim(),
                  email: values.email.trim() || null,
                  professionalTitle: values.professionalTitle.trim() || null,
                },
              }),
          role: values.role,
          startDate: values.startDate,
          endDate: values.endDate || null,
        });
      } catch (error) {
        throw flattenPersonPointers(error);
      }
    },
    (staff) => {
      invalidatePeople(queryClient, { personId: staff.personId });
      notifications.show({
        color: 'green',
        title: 'Staff added',
        message: `${staff.personName} is ${labelOf(staffRoleOptions, staff.role)} at ${staff.siteName}.`,
      });
      onClose();
    },
  );
  const mode = form.getValues().mode;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <SegmentedControl
          aria-label="New or existing person"
          data={[
            { value: 'new', label: 'New person' },
            { value: 'existing', label: 'Someone already known' },
          ]}
          {...form.getInputProps('mode')}
        />
        {mode === 'existing' ? (
          <RemoteSelect
            label="Person"
            queryKey={['people', 'search']}
            search={searchPeople}
            required
            placeholder="Search by name or e-mail"
            error={form.errors.personId}
            value={form.getValues().personId || null}
            onChange={(value) => form.setFieldValue('personId', value ?? '')}
          />
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Full name" required maxLength={200} {...form.getInputProps('fullName')} />
            <TextInput
              label="Professional title"
              description="MD, RN, PharmD…"
              maxLength={60}
              {...form.getInputProps('professionalTitle')}
            />
            <TextInput label="E-mail" type="email" maxLength={254} {...form.getInputProps('email')} />
          </SimpleGrid>
        )}
        <NativeSelect label="Role" required data={selectData(staffRoleOptions)} {...form.getInputProps('role')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField label="Start date" required w="100%" {...form.getInputProps('startDate')} />
          <DateField label="End date" description="Leave empty while the role lasts" w="100%" {...form.getInputProps('endDate')} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Add staff
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
