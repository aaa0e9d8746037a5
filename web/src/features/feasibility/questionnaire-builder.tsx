import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../app/api-client';
import { ProblemAlert } from '../../components/problem-alert';
import {
  createQuestionnaire,
  invalidateFeasibility,
  type Question,
  type QuestionInput,
  type QuestionKind,
  type Questionnaire,
  updateQuestionnaire,
} from './feasibility-api';

const kindOptions: { value: QuestionKind; label: string }[] = [
  { value: 'yes_no', label: 'Yes / no' },
  { value: 'number', label: 'Number' },
  { value: 'single_choice', label: 'One choice' },
  { value: 'multiple_choice', label: 'Several choices' },
  { value: 'free_text', label: 'Free text (not scored)' },
];

interface QuestionDraft {
  /** Stable React key while questions are added, moved and removed. */
  uid: string;
  kind: QuestionKind;
  text: string;
  required: boolean;
  weight: number | string;
  expected: 'true' | 'false';
  unit: string;
  min: number | string;
  max: number | string;
  falloff: number | string;
  options: { uid: string; value: string; label: string; points: number | string }[];
}

const uid = () => crypto.randomUUID();

const blankQuestion = (): QuestionDraft => ({
  uid: uid(),
  kind: 'yes_no',
  text: '',
  required: true,
  weight: 10,
  expected: 'true',
  unit: '',
  min: '',
  max: '',
  falloff: 10,
  options: [
    { uid: uid(), value: 'a', label: '', points: 1 },
    { uid: uid(), value: 'b', label: '', points: 0 },
  ],
});

function toDraft(question: Question): QuestionDraft {
  return {
    ...blankQuestion(),
    kind: question.kind,
    text: question.text,
    required: question.required,
    weight: question.weight,
    expected: 'expected' in question && question.expected === false ? 'false' : 'true',
    unit: ('unit' in question ? question.unit : null) ?? '',
    min: ('min' in question ? question.min : null) ?? '',
    max: ('max' in question ? question.max : null) ?? '',
    falloff: 'falloff' in question ? question.falloff : 10,
    options: 'options' in question ? question.options.map((option) => ({ ...option, uid: uid() })) : blankQuestion().options,
  };
}

const num = (value: number | string): number | null => (value === '' ? null : Number(value));

function toInput(draft: QuestionDraft): QuestionInput {
  const base = { text: draft.text.trim(), required: draft.required };
  switch (draft.kind) {
    case 'yes_no':
      return { ...base, kind: draft.kind, weight: Number(draft.weight || 0), expected: draft.expected === 'true' };
    case 'number':
      return {
        ...base,
        kind: draft.kind,
        weight: Number(draft.weight || 0),
        unit: draft.unit.trim() || null,
        min: num(draft.min),
        max: num(draft.max),
        falloff: Number(draft.falloff || 1),
      };
    case 'single_choice':
    case 'multiple_choice':
      return {
        ...base,
        kind: draft.kind,
        weight: Number(draft.weight || 0),
        options: draft.options.map((o) => ({ value: o.value.trim(), label: o.label.trim(), points: Number(o.points || 0) })),
      };
    default:
      return { ...base, kind: 'free_text', weight: 0 };
  }
}

export function QuestionnaireBuilderModal({
  studyId,
  questionnaire,
  opened,
  onClose,
  onSaved,
}: {
  studyId: string;
  /** A draft to edit, or (when sent) the questionnaire a new revision supersedes; null for a new one. */
  questionnaire: Questionnaire | null;
  opened: boolean;
  onClose: () => void;
  onSaved?: (saved: Questionnaire) => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={
        <Text fw={600}>
          {questionnaire?.status === 'draft' ? 'Edit questionnaire' : questionnaire ? 'New revision' : 'New feasibility questionnaire'}
        </Text>
      }
    >
      {opened && <Builder studyId={studyId} questionnaire={questionnaire} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function Builder({
  studyId,
  questionnaire,
  onClose,
  onSaved,
}: {
  studyId: string;
  questionnaire: Questionnaire | null;
  onClose: () => void;
  onSaved?: (saved: Questionnaire) => void;
}) {
  const queryClient = useQueryClient();
  const [pointerErrors, setPointerErrors] = useState<string[]>([]);
  const form = useForm({
    initialValues: {
      title: questionnaire?.title ?? '',
      questions: questionnaire ? questionnaire.questions.map(toDraft) : [blankQuestion()],
    },
    validate: {
      title: (value) => (value.trim() ? null : 'Required.'),
      questions: { text: (value) => (value.trim() ? null : 'Write the question.') },
    },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) => {
      const questions = values.questions.map(toInput);
      if (questionnaire?.status === 'draft') return updateQuestionnaire(questionnaire, { title: values.title.trim(), questions });
      return createQuestionnaire(studyId, { title: values.title.trim(), questions, supersedesId: questionnaire?.id ?? null });
    },
    onSuccess: (saved) => {
      invalidateFeasibility(queryClient);
      notifications.show({ color: 'green', title: 'Questionnaire saved', message: saved.title });
      onSaved?.(saved);
      onClose();
    },
    onError: (error) => {
      // '/questions/2/max' lands under that input ('questions.2.max' in the form).
      const placed: string[] = [];
      if (error instanceof ApiError) {
        for (const { pointer, detail } of error.problem.errors ?? []) {
          const path = pointer.replace(/^\//, '').replaceAll('/', '.');
          if (path && path !== 'questions' && (path.startsWith('questions.') || path === 'title')) {
            form.setFieldError(path, detail);
            placed.push(pointer);
          }
        }
      }
      setPointerErrors(placed);
    },
  });
  const questions = form.getValues().questions;
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <ProblemAlert error={save.error} shownPointers={pointerErrors} onReload={() => invalidateFeasibility(queryClient)} />
        <TextInput label="Title" required maxLength={300} {...form.getInputProps('title')} />
        <Text size="sm" c="dimmed">
          Weights are shares of the answers score (normalized by their sum). Sites never see weights, expected answers or points.
        </Text>
        {questions.map((question, index) => (
          <Paper key={question.uid} withBorder p="md" radius="md">
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={600}>Question {index + 1}</Text>
                <Group gap={4}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Move question ${index + 1} up`}
                    disabled={index === 0}
                    onClick={() => form.reorderListItem('questions', { from: index, to: index - 1 })}
                  >
                    <IconArrowUp size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    aria-label={`Move question ${index + 1} down`}
                    disabled={index === questions.length - 1}
                    onClick={() => form.reorderListItem('questions', { from: index, to: index + 1 })}
                  >
                    <IconArrowDown size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove question ${index + 1}`}
                    disabled={questions.length === 1}
                    onClick={() => form.removeListItem('questions', index)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              </Group>
              <Textarea
                label="Question"
                required
                autosize
                minRows={1}
                maxLength={1000}
                {...form.getInputProps(`questions.${index}.text`)}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <NativeSelect label="Answer type" data={kindOptions} {...form.getInputProps(`questions.${index}.kind`)} />
                {question.kind !== 'free_text' && (
                  <NumberInput
                    label="Weight (0–100)"
                    min={0}
                    max={100}
                    allowDecimal={false}
                    {...form.getInputProps(`questions.${index}.weight`)}
                  />
                )}
                <Checkbox mt={28} label="Answer required" {...form.getInputProps(`questions.${index}.required`, { type: 'checkbox' })} />
              </SimpleGrid>
              {question.kind === 'yes_no' && (
                <NativeSelect
                  label="Answer that scores"
                  w={220}
                  data={[
                    { value: 'true', label: 'Yes' },
                    { value: 'false', label: 'No' },
                  ]}
                  {...form.getInputProps(`questions.${index}.expected`)}
                />
              )}
              {question.kind === 'number' && (
                <SimpleGrid cols={{ base: 2, sm: 4 }}>
                  <TextInput label="Unit" maxLength={50} placeholder="patients/month" {...form.getInputProps(`questions.${index}.unit`)} />
                  <NumberInput label="Target from" {...form.getInputProps(`questions.${index}.min`)} />
                  <NumberInput label="Target to" {...form.getInputProps(`questions.${index}.max`)} />
                  <NumberInput
                    label="Points reach 0 at"
                    description="distance outside the range"
                    min={0}
                    {...form.getInputProps(`questions.${index}.falloff`)}
                  />
                </SimpleGrid>
              )}
              {(question.kind === 'single_choice' || question.kind === 'multiple_choice') && (
                <Stack gap={6}>
                  {question.options.map((option, optionIndex) => (
                    <Group key={option.uid} gap="xs" align="flex-end" wrap="nowrap">
                      <TextInput
                        label={optionIndex === 0 ? 'Option' : undefined}
                        aria-label={`Option ${optionIndex + 1}`}
                        style={{ flex: 1 }}
                        {...form.getInputProps(`questions.${index}.options.${optionIndex}.label`)}
                      />
                      <TextInput
                        label={optionIndex === 0 ? 'Code' : undefined}
                        aria-label={`Code of option ${optionIndex + 1}`}
                        w={110}
                        {...form.getInputProps(`questions.${index}.options.${optionIndex}.value`)}
                      />
                      <NumberInput
                        label={optionIndex === 0 ? 'Points (0–1)' : undefined}
                        aria-label={`Points of option ${optionIndex + 1}`}
                        w={110}
                        min={0}
                        max={1}
                        step={0.25}
                        decimalScale={2}
                        {...form.getInputProps(`questions.${index}.options.${optionIndex}.points`)}
                      />
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        mb={4}
                        aria-label={`Remove option ${optionIndex + 1}`}
                        disabled={question.options.length <= 2}
                        onClick={() => form.removeListItem(`questions.${index}.options`, optionIndex)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Group>
                  ))}
                  <Group>
                    <Button
                      size="xs"
                      variant="subtle"
                      leftSection={<IconPlus size={14} aria-hidden />}
                      onClick={() =>
                        form.insertListItem(`questions.${index}.options`, {
                          uid: uid(),
                          value: String.fromCharCode(97 + question.options.length),
                          label: '',
                          points: 0,
                        })
                      }
                    >
                      Add option
                    </Button>
                  </Group>
                </Stack>
              )}
            </Stack>
          </Paper>
        ))}
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => form.insertListItem('questions', blankQuestion())}
          >
            Add question
          </Button>
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save questionnaire
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
