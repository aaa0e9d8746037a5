import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { historyKey } from '../audit/audit-api';
import { passwordError } from './password-rules';
import { type UpdateUserInput, updateUser, userKeys } from './user-api';
import type { User } from './user-types';

export type AccountAction = 'deactivate' | 'reactivate' | 'unlock' | 'password';

const texts: Record<AccountAction, { title: string; explain: string; submit: string; color?: string; done: string }> = {
  deactivate: {
    title: 'Deactivate account',
    explain: 'The user is logged out at once and cannot log in again until reactivated. Their records and history stay.',
    submit: 'Deactivate',
    color: 'red',
    done: 'Account deactivated',
  },
  reactivate: {
    title: 'Reactivate account',
    explain: 'The user can log in again with their current roles.',
    submit: 'Reactivate',
    done: 'Account reactivated',
  },
  unlock: {
    title: 'Unlock account',
    explain: 'Clears the lockout after repeated failed logins, so the user can try again now.',
    submit: 'Unlock',
    done: 'Account unlocked',
  },
  password: {
    title: 'Set a new password',
    explain: 'Tell the user the new password by a separate channel.',
    submit: 'Set password',
    done: 'Password set',
  },
};

const bodyFor = (action: AccountAction, password: string): UpdateUserInput => {
  if (action === 'deactivate') return { isActive: false };
  if (action === 'reactivate') return { isActive: true };
  if (action === 'unlock') return { unlock: true };
  return { password };
};

interface AccountActionModalProps {
  current: { record: User; etag: string };
  action: AccountAction | null;
  onClose: () => void;
}

export function AccountActionModal({ current, action, onClose }: AccountActionModalProps) {
  return (
    <Modal opened={action !== null} onClose={onClose} title={action ? texts[action].title : ''}>
      {action && <AccountActionForm current={current} action={action} onClose={onClose} />}
    </Modal>
  );
}

function AccountActionForm({
  current,
  action,
  onClose,
}: {
  current: { record: User; etag: string };
  action: AccountAction;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const text = texts[action];
  const form = useForm({
    initialValues: { password: '', reason: '' },
    validate: { password: (value: string) => (action === 'password' ? passwordError(value) : null) },
  });
  const submit = useFormMutation(
    form,
    (values) => updateUser(current.record.id, current.etag, { ...bodyFor(action, values.password), reason: values.reason.trim() || null }),
    (saved) => {
      queryClient.invalidateQueries({ queryKey: userKeys.all });
      queryClient.invalidateQueries({ queryKey: historyKey('user', saved.id) });
      notifications.show({ color: 'green', title: text.done, message: saved.fullName });
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
            queryClient.invalidateQueries({ queryKey: userKeys.detail(current.record.id) });
            onClose();
          }}
        />
        <Text size="sm">
          <strong>{current.record.fullName}</strong> ({current.record.email}). {text.explain}
        </Text>
        {action === 'password' && (
          <PasswordInput
            label="New password"
            description="12 to 128 characters; any language, spaces and emoji are fine"
            autoComplete="new-password"
            required
            visibilityToggleButtonProps={{ 'aria-label': 'Show or hide what you typed' }}
            {...form.getInputProps('password')}
            data-autofocus
          />
        )}
        <ReasonField {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color={text.color} loading={submit.isPending}>
            {text.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
