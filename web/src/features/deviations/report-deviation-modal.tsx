import { Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { DateField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatDay, siteToday } from '../../lib/dates';
import { labelOf, selectData } from '../../lib/enum-labels';
import { useParticipantVisits } from '../visits/visit-api';
import { type DeviationCategory, deviationCategoryOptions, invalidateDeviations, reportDeviation } from './deviation-api';

interface ReportDeviationModalProps {
  participantId: string;
  subjectNumber: string;
  /** The study-site's zone: the day it happened defaults to the site's today. */
  timeZone: string;
  opened: boolean;
  onClose: () => void;
}

export function ReportDeviationModal({ participantId, subjectNumber, timeZone, opened, onClose }: ReportDeviationModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Report a deviation · {subjectNumber}</Text>} size="lg">
      {opened && <ReportForm participantId={participantId} timeZone={timeZone} onClose={onClose} />}
    </Modal>
  );
}

interface ReportValues extends Record<string, unknown> {
  category: DeviationCategory | '';
  occurredOn: string;
  visitId: string;
  description: string;
}

/**
 * A deviation someone noticed (ICH E6(R3) 2.5.4: the investigator documents any deviation).
 * Sponsor monitors read deviations, so the description must name neither the participant nor an arm.
 */
function ReportForm({ participantId, timeZone, onClose }: { participantId: string; timeZone: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const visits = useParticipantVisits(participantId);
  const form = useForm<ReportValues>({
    initialValues: { category: '', occurredOn: siteToday(timeZone), visitId: '', description: '' },
    validate: {
      category: (value) => (value ? null : 'Choose a category.'),
      occurredOn: (value) => (value ? null : 'Enter the day it happened.'),
      description: (value) => (value.trim() ? null : 'Say what happened.'),
    },
  });
  const submit = useFormMutation(
    form,
    (values) =>
      reportDeviation(participantId, {
        category: values.category as DeviationCategory,
        occurredOn: values.occurredOn,
        description: values.description.trim(),
        ...(values.visitId ? { visitId: values.visitId } : {}),
      }),
    (saved) => {
      invalidateDeviations(queryClient);
      notifications.show({
        color: 'green',
        title: 'Deviation reported',
        message: `${labelOf(deviationCategoryOptions, saved.category)} on ${formatDay(saved.occurredOn)}: open for assessment`,
      });
      onClose();
    },
  );
  const visitOptions = (visits.data ?? []).map((visit) => ({
    value: visit.id,
    label: `${visit.code} · ${visit.name}${visit.actualDate ? ` (${formatDay(visit.actualDate)})` : visit.targetDate ? ` (target ${formatDay(visit.targetDate)})` : ''}`,
  }));
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <Group align="flex-start" grow preventGrowOverflow={false}>
          <Select
            label="Category"
            required
            data={selectData(deviationCategoryOptions)}
            {...form.getInputProps('category')}
            onChange={(value) => form.setFieldValue('category', (value ?? '') as ReportValues['category'])}
          />
          <DateField
            label="Occurred on"
            description="The site's calendar day; not in the future"
            required
            {...form.getInputProps('occurredOn')}
          />
        </Group>
        <Select
          label="Visit"
          description="The visit it concerns, if any"
          placeholder="Not about one visit"
          clearable
          searchable
          data={visitOptions}
          {...form.getInputProps('visitId')}
          value={form.getValues().visitId || null}
          onChange={(value) => form.setFieldValue('visitId', value ?? '')}
        />
        <Textarea
          label="What happened"
          description="Sponsor monitors read this: no names, and no treatment arms."
          required
          autosize
          minRows={3}
          maxLength={4000}
          {...form.getInputProps('description')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={submit.isPending}>
            Report deviation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
