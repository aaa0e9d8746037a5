import { Button, Code, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api } from '../../app/api-client';
import type { ListItem } from '../../app/api-types';
import { type Column, DataTable } from '../../components/data-table';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { formatInstant } from '../../lib/dates';

type ParkedJob = ListItem<'/api/admin/jobs/parked'>;

const parkedKey = ['background-jobs', 'parked'] as const;

function RetryButton({ job }: { job: ParkedJob }) {
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => answer(api.POST('/api/admin/jobs/parked/{id}/retry', { params: { path: { id: job.id } } })),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: `${job.name} goes back to its queue for one more attempt.` });
      await queryClient.invalidateQueries({ queryKey: parkedKey });
    },
    onError: (error) => notifications.show({ color: 'red', message: error.message }),
  });
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconRefresh size={14} aria-hidden />}
      loading={retry.isPending}
      onClick={() => retry.mutate()}
    >
      Retry
    </Button>
  );
}

const columns: Column<ParkedJob>[] = [
  { key: 'name', header: 'Job', render: (job) => <Code style={{ whiteSpace: 'nowrap' }}>{job.name}</Code> },
  {
    key: 'error',
    header: 'Error',
    render: (job) => (
      <Text size="sm" c="red.8" style={{ overflowWrap: 'anywhere' }}>
        {job.error ?? 'No message'}
      </Text>
    ),
  },
  { key: 'attempts', header: 'Attempts', render: (job) => job.attempts, width: 90 },
  { key: 'createdAt', header: 'Enqueued', render: (job) => formatInstant(job.createdAt) },
  { key: 'parkedAt', header: 'Parked', render: (job) => (job.parkedAt ? formatInstant(job.parkedAt) : '—') },
  { key: 'retry', header: '', render: (job) => <RetryButton job={job} />, width: 110 },
];

/** The platform admin's view of background work that ran out of retries. */
export function BackgroundJobsPage() {
  const parked = useQuery({
    queryKey: parkedKey,
    queryFn: ({ signal }) => answer(api.GET('/api/admin/jobs/parked', { signal })),
  });
  return (
    <>
      <PageHeader
        title="Background jobs"
        subtitle="Jobs that failed on every attempt are parked here. Retry one once its cause is fixed: it runs again on the next free server."
      />
      <ProblemAlert error={parked.error} />
      <Paper withBorder radius="md" p={0}>
        <DataTable
          caption={parked.data ? `${parked.data.total} parked job(s)` : 'Parked jobs'}
          columns={columns}
          rows={parked.data?.items ?? []}
          rowKey={(job) => job.id}
          isLoading={parked.isLoading}
          isFetching={parked.isFetching}
          emptyText="No parked jobs: every background job has succeeded or is still being retried."
        />
      </Paper>
    </>
  );
}
