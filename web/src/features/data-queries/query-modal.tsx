import { Badge, Button, Group, Modal, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ProblemAlert } from '../../components/problem-alert';
import { QueryBoundary } from '../../components/query-boundary';
import { StatusBadge } from '../../components/status-badge';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatDay, SiteTime } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import {
  type DataQuery,
  type DataQueryWithMessages,
  invalidateQueries,
  type QueryAction,
  queryStatusOptions,
  queryTarget,
  stepQuery,
  useDataQuery,
} from './data-query-api';

const messageLabels = { question: 'asked', answer: 'answered', close: 'closed', reopen: 're-opened' } as const;
const actionLabels: Record<QueryAction, string> = { answer: 'Answer', close: 'Close query', reopen: 'Re-open' };

/** One query: where it points, its conversation, and the steps the user may take from its status. */
export function QueryModal({ queryId, onClose }: { queryId: string | null; onClose: () => void }) {
  const query = useDataQuery(queryId);
  return (
    <Modal opened={Boolean(queryId)} onClose={onClose} title={<Text fw={600}>Data query</Text>} size="lg">
      {queryId && (
        <QueryBoundary query={query} what="query">
          {(data) => <QueryDetail query={data} />}
        </QueryBoundary>
      )}
    </Modal>
  );
}

function QueryDetail({ query }: { query: DataQueryWithMessages }) {
  const canAnswer = useCan('query.answer');
  const canClose = useCan('query.close');
  const canRaise = useCan('query.raise');
  const actions: QueryAction[] = [];
  if (query.status !== 'closed' && canAnswer) actions.push('answer');
  if (query.status !== 'closed' && canClose) actions.push('close');
  if (query.status !== 'open' && canRaise) actions.push('reopen');
  return (
    <Stack>
      <Group gap="xs">
        <StatusBadge options={queryStatusOptions} value={query.status} />
        {query.overdue && (
          <Badge color="red" variant="outline" tt="none">
            Overdue
          </Badge>
        )}
        {query.origin === 'edit_check' && (
          <Badge color="grape" variant="light" tt="none">
            Edit check
          </Badge>
        )}
        <Text size="sm" ff="monospace" fw={600}>
          {query.subjectNumber}
        </Text>
        <Text size="sm">{queryTarget(query)}</Text>
      </Group>
      <Text size="sm" c="dimmed">
        Open {query.ageDays} day{query.ageDays === 1 ? '' : 's'}
        {query.assigneeName ? ` · assigned to ${query.assigneeName}` : ''}
        {query.dueOn ? ` · due ${formatDay(query.dueOn)}` : ''}
      </Text>
      <Stack gap="xs" aria-label="Conversation">
        {query.messages.map((message) => (
          <Paper
            key={message.id}
            withBorder
            p="sm"
            radius="sm"
            bg={message.kind === 'answer' ? 'var(--mantine-color-blue-light)' : undefined}
          >
            <Text size="xs" c="dimmed">
              {message.authorLabel} {messageLabels[message.kind]} · <SiteTime instant={message.createdAt} />
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {message.text}
            </Text>
          </Paper>
        ))}
      </Stack>
      {actions.length > 0 && <StepForm query={query} actions={actions} />}
    </Stack>
  );
}

function StepForm({ query, actions }: { query: DataQuery; actions: QueryAction[] }) {
  const queryClient = useQueryClient();
  const form = useForm<{ text: string; action: QueryAction | '' } & Record<string, unknown>>({
    initialValues: { text: '', action: '' },
    validate: { text: (value) => (value.trim() ? null : 'Write what you answer or why.') },
  });
  const submit = useFormMutation(
    form,
    (values) => stepQuery(query, values.action as QueryAction, values.text.trim()),
    (saved) => {
      invalidateQueries(queryClient);
      notifications.show({ color: 'green', title: 'Query updated', message: `The query is now ${saved.status}.` });
      form.reset();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack gap="xs">
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <Textarea
          label="Message"
          description="Sponsor monitors read queries: no names, and no treatment arms."
          autosize
          minRows={2}
          maxLength={4000}
          {...form.getInputProps('text')}
        />
        <Group justify="flex-end">
          {actions.map((action) => (
            <Button
              key={action}
              type="submit"
              variant={action === 'answer' ? 'filled' : 'light'}
              color={action === 'close' ? 'green' : action === 'reopen' ? 'orange' : undefined}
              loading={submit.isPending && form.getValues().action === action}
              onClick={() => form.setFieldValue('action', action)}
            >
              {actionLabels[action]}
            </Button>
          ))}
        </Group>
      </Stack>
    </form>
  );
}
