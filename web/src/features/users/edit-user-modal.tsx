import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ReasonField } from '../../components/form-fields';
import { changedFields } from '../../components/form-problems';
import { ProblemAlert } from '../../components/problem-alert';
import { RemoteSelect } from '../../components/remote-select';
import { useFormMutation } from '../../components/use-form-mutation';
import { historyKey } from '../audit/audit-api';
import { searchOrganizations } from '../organizations/organization-api';
import { updateUser, userKeys } from './user-api';
import type { User } from './user-types';

interface Props {
  current: { record: User; etag: string };
  opened: boolean;
  onClose: () => void;
}

export function EditUserModal({ current, opened, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${current.record.fullName}`}>
      {opened && <EditUserForm current={current} onClose={onClose} />}
    </Modal>
  );
}

function EditUserForm({ current, onClose }: Omit<Props, 'opened'>) {
  const { record } = current;
  const queryClient = useQueryClient();
  const initial = { fullName: record.fullName, organizationId: record.organizationId };
  const form = useForm({
    initialValues: { ...initial, reason: '' },
    validate: { fullName: (value: string) => (value.trim() ? null : 'Required.') },
  });
  const submit = useFormMutation(
    form,
    ({ reason, ...values }) => {
      const changes = changedFields(initial, { fullName: values.fullName.trim(), organizationId: values.organizationId });
      // Nothing changed: no request, so the audit trail holds no empty "update".
      if (Object.keys(changes).length === 0) return Promise.resolve(record);
      return updateUser(record.id, current.etag, { ...changes, reason: reason.trim() || null });
    },
    (saved) => {
      queryClient.invalidateQueries({ queryKey: userKeys.all });
      queryClient.invalidateQueries({ queryKey: historyKey('user', saved.id) });
      notifications.show({ color: 'green', title: 'Saved', message: saved.fullName });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert
          error={submit.error}
          shownPointers={submit.shownPointers}
          onReload={() => {
            queryClient.invalidateQueries({ queryKey: userKeys.detail(record.id) });
            onClose();
          }}
        />
        <TextInput label="Full name" required maxLength={200} {...form.getInputProps('fullName')} data-autofocus />
        <RemoteSelect
          label="Organization"
          queryKey={['organizations', 'all']}
          search={searchOrganizations()}
          required
          selectedLabel={record.organizationName}
          error={form.errors.organizationId}
          value={form.getValues().organizationId || null}
          onChange={(value) => form.setFieldValue('organizationId', value ?? '')}
        />
        <ReasonField {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
