import { Button, Group, Modal, NativeSelect, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { labelOf, selectData } from '../../lib/enum-labels';
import { historyKey } from '../audit/audit-api';
import { ScopePicker } from './scope-picker';
import { grantRole, userKeys } from './user-api';
import { type Role, roleOptions, type ScopeType, scopeTypeOptions } from './user-types';

interface Values extends Record<string, unknown> {
  role: Role;
  scopeType: ScopeType;
  scopeId: string;
  reason: string;
}

// The platform admin role, and only it, is granted on the whole platform (the server enforces it too).
const scopeTypesFor = (role: Role) => scopeTypeOptions.filter((option) => (role === 'platform_admin') === (option.value === 'platform'));

export function AddGrantModal({ userId, opened, onClose }: { userId: string; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Grant a role" size="lg">
      {opened && <AddGrantForm userId={userId} onClose={onClose} />}
    </Modal>
  );
}

function AddGrantForm({ userId, onClose }: { userId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { role: 'study_coordinator', scopeType: 'study_site', scopeId: '', reason: '' },
    validate: { scopeId: (value, values) => (values.scopeType === 'platform' || value ? null : 'Choose what this grant is for.') },
  });
  const values = form.getValues();
  const submit = useFormMutation(
    form,
    (input) =>
      grantRole(userId, {
        role: input.role,
        scopeType: input.scopeType,
        scopeId: input.scopeType === 'platform' ? null : input.scopeId,
        reason: input.reason.trim() || null,
      }),
    (grant) => {
      queryClient.invalidateQueries({ queryKey: userKeys.grants(userId) });
      queryClient.invalidateQueries({ queryKey: historyKey('user', userId) });
      notifications.show({
        color: 'green',
        title: 'Role granted',
        message: `${labelOf(roleOptions, grant.role as Role)} on ${grant.scopeName}`,
      });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <NativeSelect
          label="Role"
          data={selectData(roleOptions)}
          {...form.getInputProps('role')}
          onChange={(event) => {
            const role = event.currentTarget.value as Role;
            form.setFieldValue('role', role);
            const allowed = scopeTypesFor(role);
            if (!allowed.some((option) => option.value === form.getValues().scopeType)) {
              form.setFieldValue('scopeType', allowed[0]?.value ?? 'organization');
              form.setFieldValue('scopeId', '');
            }
          }}
        />
        <NativeSelect
          label="Scope type"
          description="What the role applies to"
          data={selectData(scopeTypesFor(values.role))}
          {...form.getInputProps('scopeType')}
          onChange={(event) => {
            form.setFieldValue('scopeType', event.currentTarget.value as ScopeType);
            form.setFieldValue('scopeId', '');
          }}
        />
        <ScopePicker
          scopeType={values.scopeType}
          value={values.scopeId || null}
          error={form.errors.scopeId}
          onChange={(value) => form.setFieldValue('scopeId', value ?? '')}
        />
        <ReasonField {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Grant role
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
