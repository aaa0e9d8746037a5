import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { answer, api } from '../../app/api-client';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { decideStudySite, invalidateFeasibility, type ShortlistEntry } from './feasibility-api';

export interface PendingDecision {
  entry: ShortlistEntry;
  decision: 'select' | 'reject';
}

/** Select (candidate → selected) or reject (candidate → closed) a site, with the reason the audit trail keeps. */
export function DecisionModal({ studyId, pending, onClose }: { studyId: string; pending: PendingDecision | null; onClose: () => void }) {
  return (
    <Modal
      opened={pending !== null}
      onClose={onClose}
      title={
        <Text fw={600}>{pending ? `${pending.decision === 'select' ? 'Select' : 'Reject'} site ${pending.entry.siteNumber}` : ''}</Text>
      }
      size="lg"
    >
      {pending && <DecisionForm studyId={studyId} pending={pending} onClose={onClose} />}
    </Modal>
  );
}

function DecisionForm({ studyId, pending, onClose }: { studyId: string; pending: PendingDecision; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (value) => (value.trim() ? null : 'Give the reason for the decision.') },
  });
  const submit = useFormMutation(
    form,
    async (values) => {
      // The decision moves the study-site's status: it is sent with the version read just now.
      const current = await answer(
        api.GET('/api/studies/{id}/sites/{studySiteId}', { params: { path: { id: studyId, studySiteId: pending.entry.studySiteId } } }),
      );
      return decideStudySite(studyId, current, pending.decision, values.reason.trim());
    },
    (result) => {
      invalidateFeasibility(queryClient);
      notifications.show({
        color: pending.decision === 'select' ? 'green' : 'orange',
        title: pending.decision === 'select' ? 'Site selected' : 'Site rejected',
        message: `${result.studySite.siteName} is now ${result.studySite.status === 'selected' ? 'selected' : 'closed'}.`,
      });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <Text size="sm">
          {pending.entry.siteName} (rank {pending.entry.rank}, score {pending.entry.score.final.toFixed(1)}){' '}
          {pending.decision === 'select' ? 'moves from candidate to selected.' : 'is closed for this study.'}
        </Text>
        <ReasonField
          required
          placeholder={
            pending.decision === 'select' ? 'e.g. Best recruitment history in the region' : 'e.g. No access to the required imaging'
          }
          {...form.getInputProps('reason')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color={pending.decision === 'select' ? 'green' : 'red'} loading={submit.isPending}>
            {pending.decision === 'select' ? 'Select site' : 'Reject site'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
