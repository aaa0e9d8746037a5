import { Anchor, Badge, Button, Checkbox, NativeSelect, Paper, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { ListToolbar } from '../../components/list-toolbar';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { StatusBadge } from '../../components/status-badge';
import { formatDay } from '../../lib/dates';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows, usePagedList } from '../../lib/use-paged-list';
import { studySiteOption, useStudyOptions, useStudySites } from '../participants/scope-options';
import { type DataQuery, dataQueryKeys, queryStatusOptions, queryTarget } from './data-query-api';
import { QueryModal } from './query-modal';

const filterNames = ['studyId', 'studySiteId', 'status', 'mine'] as const;
const statusChoices = [
  { value: 'unresolved', label: 'Open or answered' },
  { value: 'open', label: 'Open' },
  { value: 'answered', label: 'Answered' },
  { value: 'closed', label: 'Closed' },
  { value: 'all', label: 'All' },
];

/**
 * The queries inbox: a site's coordinator answers the open ones oldest first; a CRA or data
 * manager closes the answered ones. Filters live in the URL.
 */
export function QueriesPage() {
  const { params, setFilter } = useListParams('openedAt', filterNames, 'q');
  const [, setSearchParams] = useSearchParams();
  const studyId = params.filters.studyId;
  const status = params.filters.status || 'unresolved';
  const studies = useStudyOptions();
  const studySites = useStudySites(studyId || undefined);
  const siteOptions = (studySites.data ?? []).map(studySiteOption);
  const [openQuery, setOpenQuery] = useState<string | null>(null);
  const list = usePagedList(dataQueryKeys.list, '/api/queries', {
    query: {
      studyId: studyId || undefined,
      studySiteId: params.filters.studySiteId || undefined,
      status: status === 'all' ? undefined : (status as 'unresolved'),
      assignedToMe: params.filters.mine === 'true' ? 'true' : undefined,
      order: 'asc',
    },
  });

  const columns: Column<DataQuery>[] = [
    {
      key: 'openedAt',
      header: 'Opened',
      width: 120,
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm">{formatDay(row.openedAt.slice(0, 10))}</Text>
          <Text size="xs" c="dimmed">
            {row.ageDays} day{row.ageDays === 1 ? '' : 's'}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'participant',
      header: 'Participant',
      render: (row) => (
        <Anchor component={Link} to={`/participants/${row.participantId}`} size="sm" ff="monospace" fw={600}>
          {row.subjectNumber}
        </Anchor>
      ),
    },
    { key: 'target', header: 'About', render: (row) => <Text size="sm">{queryTarget(row)}</Text> },
    {
      key: 'text',
      header: 'Question',
      render: (row) => (
        <Text size="sm" maw={380} lineClamp={2}>
          {row.origin === 'edit_check' && (
            <Badge color="grape" variant="light" tt="none" size="xs" mr={4}>
              Edit check
            </Badge>
          )}
          {row.text}
        </Text>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (row) => (
        <Stack gap={2}>
          <StatusBadge options={queryStatusOptions} value={row.status} />
          {row.overdue && (
            <Text size="xs" c="red" fw={600}>
              Overdue
            </Text>
          )}
        </Stack>
      ),
    },
    {
      key: 'assignee',
      header: 'Assigned / due',
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm">{row.assigneeName ?? 'Anyone at the site'}</Text>
          {row.dueOn && (
            <Text size="xs" c={row.overdue ? 'red' : 'dimmed'}>
              Due {formatDay(row.dueOn)}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      key: 'open',
      header: '',
      render: (row) => (
        <Button size="xs" variant="light" onClick={() => setOpenQuery(row.id)}>
          Open
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="Queries" subtitle="Data queries: the site answers, the monitor or data manager closes; oldest first" />
      <Paper withBorder radius="md" p="md">
        <ListToolbar>
          <Select
            label="Study"
            placeholder="All studies"
            clearable
            searchable
            data={studies.data ?? []}
            value={studyId || null}
            onChange={(value) =>
              setSearchParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  if (value) next.set('qstudyId', value);
                  else next.delete('qstudyId');
                  next.delete('qstudySiteId');
                  return next;
                },
                { replace: true },
              )
            }
            w={{ base: '100%', sm: 280 }}
          />
          {studyId && (
            <NativeSelect
              label="Site"
              data={[{ value: '', label: 'All sites' }, ...siteOptions]}
              value={params.filters.studySiteId}
              onChange={(event) => setFilter('studySiteId', event.currentTarget.value)}
            />
          )}
          <NativeSelect
            label="Status"
            data={statusChoices}
            value={status}
            onChange={(event) => setFilter('status', event.currentTarget.value)}
          />
          <Checkbox
            label="Assigned to me"
            mt={24}
            checked={params.filters.mine === 'true'}
            onChange={(event) => setFilter('mine', event.currentTarget.checked ? 'true' : '')}
          />
        </ListToolbar>
        {list.isError && <ProblemAlert error={list.error} />}
        <DataTable
          caption="Data queries, oldest first"
          columns={columns}
          {...pagedRows(list)}
          rowKey={(row) => row.id}
          emptyText="No queries match."
        />
      </Paper>
      <QueryModal queryId={openQuery} onClose={() => setOpenQuery(null)} />
    </>
  );
}
