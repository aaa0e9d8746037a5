import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { DateField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatCalendarDate, localToday } from '../../lib/dates';
import { ProcedureAnswersTable, type ProcedureRow } from './procedure-answers-table';
import { completeVisit, invalidateVisits, type ParticipantVisit } from './visit-api';

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

const today = localToday;

/** How far a day lies outside the window, said the way a deviation would say it. */
function windowNote(visit: ParticipantVisit, day: string): string | null {
  if (!day || !visit.windowStart || !visit.windowEnd) return null;
  const days = (a: string, b: string) => Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000);
  if (day < visit.windowStart) return `${days(visit.windowStart, day)} day(s) before the window: a deviation will be recorded.`;
  if (day > visit.windowEnd) return `${days(day, visit.windowEnd)} day(s) after the window: a deviation will be recorded.`;
  return null;
}

function CompleteForm({ visit, onClose }: { visit: ParticipantVisit; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<CompleteValues>({
    initialValues: {
      actualDate: today(),
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
        message: `${saved.code} on ${formatCalendarDate(saved.actualDate)}${saved.deviationIds.length ? ` · ${saved.deviationIds.length} deviation(s) recorded` : ''}`,
      });
      onClose();
    },
  );
  const values = form.getValues();
  const note = windowNote(visit, values.actualDate);
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={() => invalidateVisits(queryClient)} />
        <Text size="sm" c="dimmed">
          Target {formatCalendarDate(visit.targetDate)}
          {visit.windowStart && visit.windowEnd
            ? `, window ${formatCalendarDate(visit.windowStart)} – ${formatCalendarDate(visit.windowEnd)}`
            : ''}
        </Text>
        <DateField
          label="Actual date"
          description="The site's calendar day of the visit; not in the future"
          required
          {...form.getInputProps('actualDate')}
          error={
            form.errors.actualDate ??
            (note ? (
              <Text span size="xs" c="orange.8">
                {note}
              </Text>
            ) : undefined)
          }
        />
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
          <Button type="submit" loading={submit.isPending}>
            Complete visit
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
