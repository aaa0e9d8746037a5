import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { DateField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatDay, siteToday } from '../../lib/dates';
import { ProcedureAnswersTable, type ProcedureRow } from './procedure-answers-table';
import { type CompletionPreview, completeVisit, invalidateVisits, type ParticipantVisit, useCompletionPreview } from './visit-api';

interface CompleteVisitModalProps {
  visit: ParticipantVisit | null;
  subjectNumber: string;
  onClose: () => void;
}

export function CompleteVisitModal({ visit, subjectNumber, onClose }: CompleteVisitModalProps) {
  return (
    <Modal
      opened={visit !== null}
      onClose={onClose}
      title={<Text fw={600}>{visit ? `Complete ${visit.code} · ${visit.name} · ${subjectNumber}` : ''}</Text>}
      size="xl"
    >
      {visit && <CompleteForm visit={visit} onClose={onClose} />}
    </Modal>
  );
}

interface CompleteValues extends Record<string, unknown> {
  actualDate: string;
  notes: string;
  procedures: ProcedureRow[];
}

function CompleteForm({ visit, onClose }: { visit: ParticipantVisit; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<CompleteValues>({
    initialValues: {
      actualDate: siteToday(visit.siteTimeZone),
      notes: '',
      procedures: visit.procedures.map((procedure) => ({ code: procedure.code, name: procedure.name, done: '', notDoneReason: '' })),
    },
    validate: {
      actualDate: (value) => (value ? null : 'Enter the day of the visit.'),
      procedures: {
        done: (value) => (value ? null : 'Done or not done?'),
        notDoneReason: (value, values, path) => {
          const index = Number(path.split('.')[1]);
          return values.procedures[index]?.done === 'not_done' && !value.trim() ? 'Say why it was not done.' : null;
        },
      },
    },
  });
  const submit = useFormMutation(
    form,
    (values) =>
      completeVisit(visit, {
        actualDate: values.actualDate,
        notes: values.notes.trim() || null,
        procedures: values.procedures.map((procedure) => ({
          code: procedure.code,
          done: procedure.done === 'done',
          notDoneReason: procedure.done === 'not_done' ? procedure.notDoneReason.trim() : null,
        })),
      }),
    (saved) => {
      invalidateVisits(queryClient);
      notifications.show({
        color: 'green',
        title: 'Visit completed',
        message: `${saved.code} on ${formatDay(saved.actualDate)}${saved.deviationIds.length ? ` · ${saved.deviationIds.length} deviation(s) recorded` : ''}`,
      });
      onClose();
    },
  );
  const values = form.getValues();
  const preview = useCompletionPreview(visit.id, values.actualDate);
  const foreseen = preview.data?.actualDate === values.actualDate ? preview.data.deviations : [];
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={() => invalidateVisits(queryClient)} />
        <Text size="sm" c="dimmed">
          Target {formatDay(visit.targetDate)}
          {visit.windowStart && visit.windowEnd ? `, window ${formatDay(visit.windowStart)} – ${formatDay(visit.windowEnd)}` : ''}
        </Text>
        <DateField
          label="Actual date"
          description="The site's calendar day of the visit; not in the future"
          required
          {...form.getInputProps('actualDate')}
        />
        <DeviationWarning deviations={foreseen} />
        {values.procedures.length > 0 ? (
          <ProcedureAnswersTable form={form} editableNames={false} />
        ) : (
          <Text size="sm" c="dimmed">
            The protocol lists no procedures for this visit.
          </Text>
        )}
        {typeof form.errors.procedures === 'string' && (
          <Text size="sm" c="red.7" role="alert">
            {form.errors.procedures}
          </Text>
        )}
        <Group gap="xs">
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() =>
              form.setFieldValue(
                'procedures',
                values.procedures.map((procedure) => ({ ...procedure, done: procedure.done || 'done' })),
              )
            }
          >
            Mark the rest done
          </Button>
        </Group>
        <Textarea label="Notes" autosize minRows={2} maxLength={4000} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending} color={foreseen.length > 0 ? 'orange' : undefined}>
            {foreseen.length > 0
              ? `Complete visit and record ${foreseen.length === 1 ? 'the deviation' : `${foreseen.length} deviations`}`
              : 'Complete visit'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const deviationTitles: Record<CompletionPreview['deviations'][number]['category'], string> = {
  visit_out_of_window: 'Outside the visit window',
  superseded_consent: 'Re-consent outstanding',
};

/**
 * Said before saving, in the words the deviation will carry: completing the visit on this day
 * records these deviations (#11: they used to appear only in a notice afterwards).
 */
function DeviationWarning({ deviations }: { deviations: CompletionPreview['deviations'] }) {
  if (deviations.length === 0) return null;
  const reconsent = deviations.some((deviation) => deviation.category === 'superseded_consent');
  return (
    <Alert
      color="orange"
      icon={<IconAlertTriangle size={18} aria-hidden />}
      title={`Saving will record ${deviations.length === 1 ? 'a protocol deviation' : `${deviations.length} protocol deviations`}`}
      data-testid="completion-deviation-warning"
    >
      <List size="sm" spacing={4}>
        {deviations.map((deviation) => (
          <List.Item key={deviation.category}>
            <Text span size="sm" fw={600}>
              {deviationTitles[deviation.category]}:
            </Text>{' '}
            {deviation.description}
          </List.Item>
        ))}
      </List>
      {reconsent && (
        <Text size="sm" mt="xs">
          If the participant can re-consent first, cancel, record the re-consent on the participant page, then complete the visit.
        </Text>
      )}
    </Alert>
  );
}
