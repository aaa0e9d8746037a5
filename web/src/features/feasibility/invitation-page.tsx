import { Alert, Button, Checkbox, Group, NumberInput, Radio, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../app/api-client';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { formatInstant } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import {
  type FeasibilityAnswer as Answer,
  type InvitationDetail,
  invalidateFeasibility,
  type SiteQuestion,
  saveAnswers,
  submitAnswers,
  useInvitation,
} from './feasibility-api';

export function InvitationPage() {
  const { invitationId = '' } = useParams();
  const query = useInvitation(invitationId);
  return (
    <QueryBoundary query={query} what="feasibility questionnaire">
      {(invitation) => <InvitationView key={invitation.id} invitation={invitation} />}
    </QueryBoundary>
  );
}

/** The site's answer form: save as often as needed, then submit once; the sponsor sees answers only after submission. */
function InvitationView({ invitation }: { invitation: InvitationDetail }) {
  const queryClient = useQueryClient();
  const canAnswer = useCan('feasibility.answer');
  const editable = canAnswer && invitation.view === 'site' && invitation.status === 'open';
  const [answers, setAnswers] = useState<Record<string, Answer>>(invitation.response?.answers ?? {});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const onError = (error: unknown) => {
    const next: Record<string, string> = {};
    if (error instanceof ApiError) {
      for (const { pointer, detail } of error.problem.errors ?? []) {
        const match = /^\/answers\/([^/]+)/.exec(pointer);
        if (match?.[1]) next[match[1]] = detail;
      }
    }
    setFieldErrors(next);
  };
  const save = useMutation({
    mutationFn: () => saveAnswers(invitation, answers),
    onSuccess: () => {
      setFieldErrors({});
      invalidateFeasibility(queryClient);
      notifications.show({ color: 'green', title: 'Answers saved', message: 'You can come back and change them until you submit.' });
    },
    onError,
  });
  const submit = useMutation({
    mutationFn: async () => submitAnswers(await saveAnswers(invitation, answers)),
    onSuccess: () => {
      setFieldErrors({});
      invalidateFeasibility(queryClient);
      notifications.show({ color: 'green', title: 'Answers submitted', message: `${invitation.studyShortName} will review them.` });
    },
    onError: (error) => {
      onError(error);
      invalidateFeasibility(queryClient);
    },
  });
  const error = submit.error ?? save.error;
  return (
    <>
      <PageHeader
        title={invitation.questionnaireTitle}
        subtitle={`${invitation.studyShortName} · site ${invitation.siteNumber} · ${invitation.siteName} · sent ${formatInstant(invitation.sentAt)}`}
        trail={[{ label: 'Feasibility', to: '/feasibility' }, { label: invitation.questionnaireTitle }]}
      />
      <Stack>
        {invitation.status === 'submitted' && (
          <Alert color="green" title="Submitted">
            Answers submitted {invitation.submittedAt ? formatInstant(invitation.submittedAt) : ''}.{' '}
            {invitation.decision &&
              `Decision: ${invitation.decision === 'select' ? 'selected' : 'not selected'}${invitation.decisionReason ? ` — ${invitation.decisionReason}` : ''}.`}
          </Alert>
        )}
        {invitation.view === 'sponsor' && !invitation.response && <Alert color="blue">The site has not submitted its answers yet.</Alert>}
        <ProblemAlert error={error} shownPointers={Object.keys(fieldErrors).map((id) => `/answers/${id}`)} />
        <SectionCard title="Questions">
          <Stack gap="lg">
            {invitation.questions.map((question, index) => (
              <AnswerField
                key={question.id}
                index={index}
                question={question}
                value={answers[question.id] ?? null}
                error={fieldErrors[question.id]}
                disabled={!editable}
                onChange={(value) => setAnswers((current) => ({ ...current, [question.id]: value }))}
              />
            ))}
          </Stack>
        </SectionCard>
        {editable && (
          <Group justify="flex-end">
            <Button
              variant="default"
              leftSection={<IconDeviceFloppy size={16} aria-hidden />}
              loading={save.isPending}
              onClick={() => save.mutate()}
            >
              Save answers
            </Button>
            <Button leftSection={<IconSend size={16} aria-hidden />} loading={submit.isPending} onClick={() => submit.mutate()}>
              Submit to the sponsor
            </Button>
          </Group>
        )}
        <HistoryPanel entityType="feasibility_invitation" entityId={invitation.id} />
      </Stack>
    </>
  );
}

interface AnswerFieldProps {
  index: number;
  question: SiteQuestion;
  value: Answer;
  error?: string;
  disabled: boolean;
  onChange: (value: Answer) => void;
}

function AnswerField({ index, question, value, error, disabled, onChange }: AnswerFieldProps) {
  const label = `${index + 1}. ${question.text}`;
  switch (question.kind) {
    case 'yes_no':
      return (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {label}
            {question.required ? ' *' : ''}
          </Text>
          <SegmentedControl
            aria-label={question.text}
            w={220}
            disabled={disabled}
            data={[
              { value: 'true', label: 'Yes' },
              { value: 'false', label: 'No' },
              { value: '', label: 'Unanswered' },
            ]}
            value={value === true ? 'true' : value === false ? 'false' : ''}
            onChange={(next) => onChange(next === '' ? null : next === 'true')}
          />
          {error && (
            <Text size="xs" c="red">
              {error}
            </Text>
          )}
        </Stack>
      );
    case 'number':
      return (
        <NumberInput
          label={label}
          required={question.required}
          description={question.unit ?? undefined}
          w={280}
          disabled={disabled}
          error={error}
          value={typeof value === 'number' ? value : ''}
          onChange={(next) => onChange(next === '' ? null : Number(next))}
        />
      );
    case 'single_choice':
      return (
        <Radio.Group
          label={label}
          required={question.required}
          error={error}
          value={typeof value === 'string' ? value : null}
          onChange={(next) => onChange(next)}
        >
          <Stack gap={6} mt={6}>
            {(question.options ?? []).map((option) => (
              <Radio key={option.value} value={option.value} label={option.label} disabled={disabled} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case 'multiple_choice':
      return (
        <Checkbox.Group
          label={label}
          required={question.required}
          error={error}
          value={Array.isArray(value) ? value : []}
          onChange={(next) => onChange(next)}
        >
          <Stack gap={6} mt={6}>
            {(question.options ?? []).map((option) => (
              <Checkbox key={option.value} value={option.value} label={option.label} disabled={disabled} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    default:
      return (
        <Textarea
          label={label}
          required={question.required}
          autosize
          minRows={2}
          disabled={disabled}
          error={error}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value || null)}
        />
      );
  }
}
