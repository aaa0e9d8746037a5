import { Alert, Button, Group, List, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { type FieldProblem, isApiError } from '../../app/api-client';
import { DateField, ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { StatusBadge } from '../../components/status-badge';
import { useFormMutation } from '../../components/use-form-mutation';
import { siteToday } from '../../lib/dates';
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
    initialValues: { status: '', reason: '', activationDate: siteToday(studySite.timeZone) },
    validate: {
      status: (value) => (value ? null : 'Choose the new status.'),
      // ICH E6(R3) and 21 CFR 11.10(e): a status change records why; the server refuses it without.
      reason: (value) => (value.trim() ? null : 'Give a reason for the status change.'),
    },
  });
  // The activation gate: open milestones required for activation answer 409; the user may override with the reason.
  const [openMilestones, setOpenMilestones] = useState<FieldProblem[] | null>(null);
  const override = useRef(false);
  const submit = useFormMutation(
    form,
    async (values) => {
      const overrideMilestones = override.current;
      override.current = false;
      try {
        return await updateStudySite(studySite.studyId, studySite.id, etag, {
          status: values.status as StudySite['status'],
          reason: values.reason.trim(),
          ...(values.status === 'active' && values.activationDate ? { activationDate: values.activationDate } : {}),
          ...(overrideMilestones ? { overrideMilestones: true } : {}),
        });
      } catch (error) {
        if (values.status === 'active' && !overrideMilestones && isApiError(error, 409) && error.problem.errors?.length) {
          setOpenMilestones(error.problem.errors);
          return null;
        }
        throw error;
      }
    },
    (saved) => {
      if (!saved) return;
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
  const gate = chosen === 'active' ? openMilestones : null;
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
            description={`YYYY-MM-DD, the site's calendar day (${studySite.timeZone})`}
            {...form.getInputProps('activationDate')}
          />
        )}
        <ReasonField required placeholder="e.g. Greenlight received from the sponsor on 12 March" {...form.getInputProps('reason')} />
        {gate && (
          <Alert color="orange" icon={<IconAlertTriangle />} title="Milestones required for activation are open" role="alert">
            <List size="sm">
              {gate.map((problem) => (
                <List.Item key={problem.detail}>{problem.detail}</List.Item>
              ))}
            </List>
            <Text size="sm" mt="xs">
              Record their actual dates first, or activate anyway: the audit trail keeps your reason and the milestones passed over.
            </Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          {gate && (
            <Button
              color="orange"
              loading={submit.isPending}
              onClick={() => {
                override.current = true;
                submit.onSubmit();
              }}
            >
              Activate anyway
            </Button>
          )}
          <Button type="submit" loading={submit.isPending} variant={gate ? 'default' : 'filled'}>
            Save status
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
