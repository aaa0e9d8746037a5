import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { labelOf } from '../../lib/enum-labels';
import { historyKey } from '../audit/audit-api';
import type { Grant } from '../auth/auth-types';
import { revokeGrant, userKeys } from './user-api';
import { type Role, roleOptions } from './user-types';

export function RevokeGrantModal({ grant, onClose }: { grant: Grant | null; onClose: () => void }) {
  return (
    <Modal opened={grant !== null} onClose={onClose} title="Revoke a role">
      {grant && <RevokeGrantForm grant={grant} onClose={onClose} />}
    </Modal>
  );
}

function RevokeGrantForm({ grant, onClose }: { grant: Grant; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { reason: '' },
    // Access changes are what an inspector asks about first: the UI always asks why.
    validate: { reason: (value: string) => (value.trim() ? null : 'Give a reason for revoking this role.') },
  });
  const submit = useFormMutation(
    form,
    (values) => revokeGrant(grant.userId, grant.id, values.reason.trim()),
    () => {
      queryClient.invalidateQueries({ queryKey: userKeys.grants(grant.userId) });
      queryClient.invalidateQueries({ queryKey: historyKey('user', grant.userId) });
      notifications.show({ color: 'green', title: 'Role revoked', message: 'It takes effect at once.' });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <Text size="sm">
          Revoke <strong>{labelOf(roleOptions, grant.role as Role)}</strong> on <strong>{grant.scopeName}</strong>? It takes effect at once,
          also in open sessions.
        </Text>
        <ReasonField required {...form.getInputProps('reason')} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={submit.isPending}>
            Revoke role
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
