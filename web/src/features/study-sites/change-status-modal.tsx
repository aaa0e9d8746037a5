import { Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { DateField, ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { StatusBadge } from '../../components/status-badge';
import { useFormMutation } from '../../components/use-form-mutation';
import { labelOf } from '../../lib/enum-labels';
import { invalidateStudySite, updateStudySite } from './study-site-api';
import { type StudySite, studySiteStatusOptions, studySiteTransitions } from './study-site-types';

interface ChangeStatusModalProps {
  studySite: StudySite;
  /** The ETag the record was read with; a list row's version is the same thing. */
  etag?: string;
  opened: boolean;
  onClose: () => void;
}

interface StatusFormValues extends Record<string, unknown> {
  status: string;
  reason: string;
  activationDate: string;
}

export function ChangeStatusModal({ studySite, etag, opened, onClose }: ChangeStatusModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Change status of site {studySite.siteNumber}</Text>} size="lg">
      {/* Mounted only while open, so each opening starts with an empty form. */}
      {opened && <ChangeStatusForm studySite={studySite} etag={etag ?? `"${studySite.version}"`} onClose={onClose} />}
    </Modal>
  );
}

function ChangeStatusForm({ studySite, etag, onClose }: { studySite: StudySite; etag: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const targets = studySiteTransitions[studySite.status];
  const form = useForm<StatusFormValues>({
    initialValues: { status: '', reason: '', activationDate: '' },
    validate: {
      status: (value) => (value ? null : 'Choose the new status.'),
      // ICH E6(R3) and 21 CFR 11.10(e): a status change records why; the server refuses it without.
      reason: (value) => (value.trim() ? null : 'Give a reason for the status change.'),
    },
  });
  const submit = useFormMutation(
    form,
    (values) =>
      updateStudySite(studySite.studyId, studySite.id, etag, {
        status: values.status as StudySite['status'],
        reason: values.reason.trim(),
        ...(values.status === 'active' && values.activationDate ? { activationDate: values.activationDate } : {}),
      }),
    (saved) => {
      invalidateStudySite(queryClient, saved);
      notifications.show({
        color: 'green',
        title: 'Status changed',
        message: `Site ${saved.siteNumber} (${saved.siteName}) is now ${labelOf(studySiteStatusOptions, saved.status)}.`,
      });
      onClose();
    },
  );
  const reload = () => {
    invalidateStudySite(queryClient, studySite);
    onClose();
  };

  if (targets.length === 0) {
    return (
      <Stack>
        <Text>A closed site stays closed: there is no status it can move to.</Text>
        <Group justify="flex-end">
          <Button onClick={onClose}>Close</Button>
        </Group>
      </Stack>
    );
  }

  const chosen = form.getValues().status;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={reload} />
        <Group gap="xs">
          <Text size="sm">
            {studySite.siteName} · {studySite.studyShortName}. Current status:
          </Text>
          <StatusBadge options={studySiteStatusOptions} value={studySite.status} />
        </Group>
        <NativeSelect
          label="New status"
          description="Only the moves allowed from the current status are listed"
          required
          data={[
            { value: '', label: 'Choose a status…' },
            ...targets.map((target) => ({ value: target, label: labelOf(studySiteStatusOptions, target) })),
          ]}
          {...form.getInputProps('status')}
          data-autofocus
        />
        {chosen === 'active' && !studySite.activationDate && (
          <DateField
            label="Activation date"
            description="Leave empty to use today's date (server time, UTC)"
            {...form.getInputProps('activationDate')}
          />
        )}
        <ReasonField required placeholder="e.g. Greenlight received from the sponsor on 12 March" {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Save status
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
