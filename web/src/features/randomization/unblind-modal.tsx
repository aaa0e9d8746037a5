import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconLockOpen } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import type { Participant } from '../participants/participant-types';
import { invalidateRandomization, unblindParticipant } from './randomization-api';

interface UnblindModalProps {
  participant: Participant;
  opened: boolean;
  onClose: () => void;
}

/** Emergency unblinding (ICH E6(R3) 3.10.1): the reason and the password; the study manager is told at once. */
export function UnblindModal({ participant, opened, onClose }: UnblindModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Emergency unblinding · {participant.subjectNumber}</Text>} size="lg">
      {opened && <UnblindForm participant={participant} onClose={onClose} />}
    </Modal>
  );
}

interface UnblindValues extends Record<string, unknown> {
  reason: string;
  password: string;
}

function UnblindForm({ participant, onClose }: { participant: Participant; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [arm, setArm] = useState<{ code: string; name: string } | null | undefined>(undefined);
  const notifiedCount = useRef(0);
  const form = useForm<UnblindValues>({
    initialValues: { reason: '', password: '' },
    validate: {
      reason: (value) => (value.trim() ? null : 'Say why the treatment must be known now.'),
      password: (value) => (value ? null : 'Enter your password.'),
    },
  });
  const submit = useFormMutation(
    form,
    (values) => unblindParticipant(participant.id, { reason: values.reason.trim(), password: values.password }),
    (answer) => {
      invalidateRandomization(queryClient);
      setArm(answer.arm);
      notifiedCount.current = answer.notifiedUserCount;
    },
  );
  if (arm !== undefined) {
    return (
      <Stack>
        <Alert color="red" variant="light" icon={<IconLockOpen />} title="Treatment arm">
          <Text size="lg" fw={700}>
            {arm ? `${arm.name} (${arm.code})` : 'The server did not return an arm.'}
          </Text>
          <Text size="sm" mt="xs">
            The unblinding is recorded in the audit trail and {notifiedCount.current} people (the study managers and the site's
            investigators) have been notified. Share the arm only with those who treat the participant.
          </Text>
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose}>Close</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <Alert color="orange" variant="light" icon={<IconAlertTriangle />}>
          Unblind only when knowing the treatment is needed for the participant's care. This cannot be undone: it is audited and the study
          manager is notified.
        </Alert>
        <Textarea label="Reason" required autosize minRows={3} maxLength={2000} {...form.getInputProps('reason')} />
        <PasswordInput
          label="Password"
          description="Your login password, entered again"
          required
          autoComplete="current-password"
          {...form.getInputProps('password')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={submit.isPending} leftSection={<IconLockOpen size={16} aria-hidden />}>
            Unblind
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
