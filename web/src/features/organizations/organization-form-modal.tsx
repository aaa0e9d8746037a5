import { Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { CountrySelect } from '../../components/country-select';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { selectData } from '../../lib/enum-labels';
import { historyKey } from '../audit/audit-api';
import { createOrganization, organizationKeys, updateOrganization } from './organization-api';
import { type Organization, type OrganizationKind, organizationKindOptions } from './organization-types';

interface OrganizationFormModalProps {
  /** The organization being edited with its ETag; absent when creating. */
  current?: { record: Organization; etag: string };
  opened: boolean;
  onClose: () => void;
}

export function OrganizationFormModal({ current, opened, onClose }: OrganizationFormModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={current ? `Edit ${current.record.name}` : 'New organization'}>
      {opened && <OrganizationForm current={current} onClose={onClose} />}
    </Modal>
  );
}

interface Values extends Record<string, unknown> {
  name: string;
  kind: OrganizationKind;
  country: string;
}

function OrganizationForm({ current, onClose }: { current?: { record: Organization; etag: string }; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const record = current?.record;
  const form = useForm<Values>({
    initialValues: { name: record?.name ?? '', kind: record?.kind ?? 'sponsor', country: record?.country ?? '' },
    validate: { name: (value) => (value.trim() ? null : 'Required.') },
  });
  const submit = useFormMutation(
    form,
    (values) =>
      current
        ? updateOrganization(current.record.id, current.etag, { name: values.name.trim(), country: values.country || null })
        : createOrganization({ name: values.name.trim(), kind: values.kind, country: values.country || null }),
    (saved) => {
      queryClient.invalidateQueries({ queryKey: organizationKeys.all });
      queryClient.invalidateQueries({ queryKey: historyKey('organization', saved.id) });
      notifications.show({ color: 'green', title: current ? 'Saved' : 'Organization created', message: saved.name });
      onClose();
      if (!current) navigate(`/organizations/${saved.id}`);
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert
          error={submit.error}
          shownPointers={submit.shownPointers}
          onReload={() => {
            if (record) queryClient.invalidateQueries({ queryKey: organizationKeys.detail(record.id) });
            onClose();
          }}
        />
        <TextInput label="Name" required maxLength={200} {...form.getInputProps('name')} data-autofocus />
        <NativeSelect
          label="Kind"
          description={record ? 'The kind of an organization does not change.' : undefined}
          disabled={Boolean(record)}
          data={selectData(organizationKindOptions)}
          {...form.getInputProps('kind')}
        />
        <CountrySelect
          value={form.getValues().country || null}
          error={form.errors.country}
          onChange={(value) => form.setFieldValue('country', value ?? '')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            {record ? 'Save changes' : 'Create organization'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
