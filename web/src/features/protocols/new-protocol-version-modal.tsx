import { Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { amendProtocolVersion, createProtocolVersion, invalidateProtocols, type ProtocolVersionSummary } from './protocol-api';

interface NewVersionValues extends Record<string, unknown> {
  versionLabel: string;
  summaryOfChanges: string;
  reason: string;
}

interface NewVersionProps {
  studyId: string;
  /** Amend this final version (the draft starts as its copy); without it, a first draft from scratch. */
  amends?: ProtocolVersionSummary | null;
  opened: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}

export function NewProtocolVersionModal({ opened, onClose, ...props }: NewVersionProps) {
  const title = props.amends ? `Amend version ${props.amends.versionLabel}` : 'New protocol version';
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>{title}</Text>} size="lg">
      {opened && <NewVersionForm onClose={onClose} {...props} />}
    </Modal>
  );
}

function NewVersionForm({ studyId, amends, onClose, onCreated }: Omit<NewVersionProps, 'opened'>) {
  const queryClient = useQueryClient();
  const form = useForm<NewVersionValues>({
    initialValues: { versionLabel: '', summaryOfChanges: '', reason: '' },
    validate: {
      versionLabel: (value) => (value.trim() ? (value.trim().length > 100 ? 'At most 100 characters.' : null) : 'Required.'),
    },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      const body = {
        versionLabel: values.versionLabel.trim(),
        summaryOfChanges: values.summaryOfChanges.trim() || null,
        reason: values.reason.trim() || null,
      };
      return amends ? amendProtocolVersion(amends.id, body) : createProtocolVersion(studyId, body);
    },
    (created) => {
      invalidateProtocols(queryClient);
      notifications.show({ color: 'green', title: 'Draft started', message: `Protocol version ${created.versionLabel} is a draft.` });
      onCreated(created.id);
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        {amends && (
          <Text size="sm">
            The new draft starts as a copy of version {amends.versionLabel}: change what the amendment changes, then finalize it. Sites keep
            following {amends.versionLabel} until they record the amendment's IRB/IEC approval.
          </Text>
        )}
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <TextInput
          label="Version label"
          description='As printed on the protocol, e.g. "1.0" or "2.0 (Amendment 1)"'
          required
          maxLength={100}
          {...form.getInputProps('versionLabel')}
        />
        <Textarea label="Summary of changes" autosize minRows={2} {...form.getInputProps('summaryOfChanges')} />
        <ReasonField {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            {amends ? 'Start the amendment' : 'Start the draft'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
