import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { DateField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatDay, siteToday } from '../../lib/dates';
import { useParticipant } from '../participants/participant-api';
import { ProcedureAnswersTable, type ProcedureRow } from './procedure-answers-table';
import { invalidateVisits, type ProtocolVisit, recordUnscheduledVisit, useUnscheduledVisitDefinitions } from './visit-api';

interface RecordVisitModalProps {
  participantId: string;
  subjectNumber: string;
  consentedOn: string;
  /** The protocol version in force at the site today, whose unscheduled visits are offered. */
  protocolVersionId: string | null;
  opened: boolean;
  onClose: () => void;
}

export function RecordVisitModal({ opened, onClose, subjectNumber, ...props }: RecordVisitModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Unscheduled visit · {subjectNumber}</Text>} size="xl">
      {opened && <RecordVisitLoader {...props} onClose={onClose} />}
    </Modal>
  );
}

interface VisitValues extends Record<string, unknown> {
  source: 'protocol' | 'other';
  code: string;
  name: string;
  actualDate: string;
  notes: string;
  procedures: ProcedureRow[];
}

/** A code for a procedure the site names itself: 'Repeat ECG' → 'REPEAT_ECG', unique within the visit. */
function adHocCodes(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name, index) => {
    const base =
      name
        .trim()
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_')
        .replace(/^_|_$/g, '')
        .slice(0, 36) || `P${index + 1}`;
    let code = base;
    for (let n = 2; used.has(code); n += 1) code = `${base}_${n}`;
    used.add(code);
    return code;
  });
}

/** The participant's study-site zone (from the page already loaded): the visit's day defaults to the site's today. */
function RecordVisitLoader(props: Omit<RecordVisitModalProps, 'opened' | 'subjectNumber'>) {
  const page = useParticipant(props.participantId);
  if (page.isError) return <ProblemAlert error={page.error} />;
  if (!page.data) return <Text c="dimmed">Loading…</Text>;
  return <RecordVisitForm {...props} timeZone={page.data.record.studySite.timeZone} />;
}

const blankRow = (): ProcedureRow => ({ code: '', name: '', done: '', notDoneReason: '' });

function RecordVisitForm({
  participantId,
  consentedOn,
  protocolVersionId,
  timeZone,
  onClose,
}: Omit<RecordVisitModalProps, 'opened' | 'subjectNumber'> & { timeZone: string }) {
  const queryClient = useQueryClient();
  const definitions = useUnscheduledVisitDefinitions(protocolVersionId, true);
  const offered = definitions.data ?? [];
  const form = useForm<VisitValues>({
    initialValues: { source: 'other', code: '', name: '', actualDate: siteToday(timeZone), notes: '', procedures: [] },
    validate: {
      actualDate: (value) =>
        !value
          ? 'Enter the day of the visit.'
          : value < consentedOn
            ? `The participant consented on ${formatDay(consentedOn)}: no visit before that.`
            : null,
      code: (value, values) => (values.source === 'protocol' && !value ? 'Choose the visit.' : null),
      name: (value, values) => (values.source === 'other' && !value.trim() ? 'Name the visit.' : null),
      procedures: {
        name: (value, values) => (values.source === 'other' && !value.trim() ? 'Name the procedure.' : null),
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
    (values) => {
      const codes = values.source === 'other' ? adHocCodes(values.procedures.map((p) => p.name)) : values.procedures.map((p) => p.code);
      return recordUnscheduledVisit(participantId, {
        ...(values.source === 'protocol' ? { code: values.code } : { name: values.name.trim() }),
        actualDate: values.actualDate,
        notes: values.notes.trim() || null,
        procedures: values.procedures.map((procedure, index) => ({
          code: codes[index] ?? procedure.code,
          ...(values.source === 'other' ? { name: procedure.name.trim() } : {}),
          done: procedure.done === 'done',
          notDoneReason: procedure.done === 'not_done' ? procedure.notDoneReason.trim() : null,
        })),
      });
    },
    (saved) => {
      invalidateVisits(queryClient);
      notifications.show({
        color: 'green',
        title: 'Visit recorded',
        message: `${saved.name} on ${formatDay(saved.actualDate)}${saved.deviationIds.length ? ` · ${saved.deviationIds.length} deviation(s) recorded` : ''}`,
      });
      onClose();
    },
    { nested: true },
  );
  const values = form.getValues();

  const chooseDefinition = (code: string | null) => {
    const definition: ProtocolVisit | undefined = offered.find((visit) => visit.code === code);
    form.setFieldValue('code', code ?? '');
    form.setFieldValue(
      'procedures',
      (definition?.procedures ?? []).map((procedure) => ({ code: procedure.code, name: procedure.name, done: '', notDoneReason: '' })),
    );
  };

  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <Text size="sm" c="dimmed">
          A visit that took place outside the schedule: an adverse event, a repeat test. It is recorded as completed.
        </Text>
        {offered.length > 0 && (
          <SegmentedControl
            aria-label="Kind of visit"
            value={values.source}
            onChange={(value) => {
              form.setFieldValue('source', value as VisitValues['source']);
              form.setFieldValue('code', '');
              form.setFieldValue('procedures', []);
              form.clearErrors();
            }}
            data={[
              { value: 'protocol', label: 'An unscheduled visit of the protocol' },
              { value: 'other', label: 'Another visit' },
            ]}
          />
        )}
        <Group align="flex-start" grow preventGrowOverflow={false}>
          {values.source === 'protocol' ? (
            <Select
              label="Visit"
              required
              data={offered.map((visit) => ({ value: visit.code, label: `${visit.code} · ${visit.name}` }))}
              {...form.getInputProps('code')}
              onChange={chooseDefinition}
            />
          ) : (
            <TextInput label="Visit" placeholder="e.g. Adverse event follow-up" required maxLength={200} {...form.getInputProps('name')} />
          )}
          <DateField
            label="Date of the visit"
            description="The site's calendar day; not in the future"
            required
            {...form.getInputProps('actualDate')}
          />
        </Group>

        {values.source === 'protocol' && values.code && values.procedures.length === 0 && (
          <Text size="sm" c="dimmed">
            The protocol lists no procedures for this visit.
          </Text>
        )}
        {values.procedures.length > 0 && <ProcedureAnswersTable form={form} editableNames={values.source === 'other'} />}
        {values.source === 'other' && (
          <Group>
            <Button
              size="compact-sm"
              variant="subtle"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => form.insertListItem('procedures', blankRow())}
            >
              Add a procedure
            </Button>
          </Group>
        )}
        {typeof form.errors.procedures === 'string' && (
          <Alert color="red" variant="light" p="xs" role="alert">
            <Text size="sm">{form.errors.procedures}</Text>
          </Alert>
        )}
        <Textarea label="Notes" autosize minRows={2} maxLength={4000} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Record visit
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
