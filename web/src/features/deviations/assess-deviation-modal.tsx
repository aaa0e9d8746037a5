import { Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatDay } from '../../lib/dates';
import { labelOf } from '../../lib/enum-labels';
import { assessDeviation, type Deviation, type DeviationImportance, deviationCategoryOptions, invalidateDeviations } from './deviation-api';

export function AssessDeviationModal({ deviation, onClose }: { deviation: Deviation | null; onClose: () => void }) {
  return (
    <Modal opened={deviation !== null} onClose={onClose} title={<Text fw={600}>Assess the deviation</Text>} size="lg">
      {deviation && <AssessForm deviation={deviation} onClose={onClose} />}
    </Modal>
  );
}

interface AssessValues extends Record<string, unknown> {
  importance: DeviationImportance | '';
  assessment: string;
}

function AssessForm({ deviation, onClose }: { deviation: Deviation; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<AssessValues>({
    initialValues: { importance: deviation.importance ?? '', assessment: deviation.assessment ?? '' },
    validate: {
      importance: (value) => (value ? null : 'Is it important?'),
      assessment: (value) => (value.trim() ? null : 'Write the assessment.'),
    },
  });
  const submit = useFormMutation(
    form,
    (values) => assessDeviation(deviation, { importance: values.importance as DeviationImportance, assessment: values.assessment.trim() }),
    () => {
      invalidateDeviations(queryClient);
      notifications.show({ color: 'green', title: 'Deviation assessed', message: labelOf(deviationCategoryOptions, deviation.category) });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={() => invalidateDeviations(queryClient)} />
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {labelOf(deviationCategoryOptions, deviation.category)}
            {deviation.subjectNumber ? ` · ${deviation.subjectNumber}` : ''} · {formatDay(deviation.occurredOn)}
          </Text>
          <Text size="sm">{deviation.description}</Text>
        </Stack>
        <Radio.Group
          label="Importance"
          description="Important: may significantly affect the reliability of the data or the participant's rights, safety or well-being (ICH E6(R3) glossary)"
          required
          {...form.getInputProps('importance')}
        >
          <Group mt={6}>
            <Radio value="important" label="Important" />
            <Radio value="not_important" label="Not important" />
          </Group>
        </Radio.Group>
        <Textarea label="Assessment" required autosize minRows={3} maxLength={4000} {...form.getInputProps('assessment')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Save assessment
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
