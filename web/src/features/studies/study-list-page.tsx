import { Anchor, Button, NativeSelect, Paper, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { ListToolbar } from '../../components/list-toolbar';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { SearchInput } from '../../components/search-input';
import { StatusBadge } from '../../components/status-badge';
import { formatDay } from '../../lib/dates';
import { labelOf, selectData } from '../../lib/enum-labels';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows, usePagedList } from '../../lib/use-paged-list';
import { useCan } from '../auth/auth-api';
import { studyKeys } from './study-api';
import { phaseOptions, type Study, studyStatusOptions } from './study-types';

const filterNames = ['status', 'phase'] as const;

const columns: Column<Study>[] = [
  {
    key: 'shortName',
    header: 'Study',
    sortKey: 'shortName',
    render: (study) => (
      <>
        <Anchor component={Link} to={`/studies/${study.id}`} fw={600}>
          {study.shortName}
        </Anchor>
        <Text size="xs" c="dimmed" lineClamp={1} maw={360}>
          {study.title}
        </Text>
      </>
    ),
  },
  { key: 'protocolNumber', header: 'Protocol', sortKey: 'protocolNumber', render: (study) => study.protocolNumber },
  { key: 'phase', header: 'Phase', sortKey: 'phase', render: (study) => labelOf(phaseOptions, study.phase) },
  {
    key: 'status',
    header: 'Status',
    sortKey: 'status',
    render: (study) => <StatusBadge options={studyStatusOptions} value={study.status} />,
  },
  { key: 'sponsor', header: 'Sponsor', render: (study) => study.sponsorName },
  {
    key: 'sites',
    header: 'Sites',
    render: (study) => (study.plannedSites ? `${study.siteCount} of ${study.plannedSites}` : study.siteCount),
  },
  { key: 'plannedFpiDate', header: 'Planned FPI', sortKey: 'plannedFpiDate', render: (study) => formatDay(study.plannedFpiDate) },
];

export function StudyListPage() {
  const { params, setSort, setFilter } = useListParams('shortName', filterNames);
  const canCreate = useCan('study.create');
  const list = usePagedList(studyKeys.list, '/api/studies', {
    query: {
      sort: params.sort,
      order: params.order,
      q: params.q,
      ...params.filters,
    },
  });

  return (
    <>
      <PageHeader
        title="Studies"
        subtitle="Every study you have access to, across sponsors and CROs"
        actions={
          canCreate && (
            <Button component={Link} to="/studies/new" leftSection={<IconPlus size={16} aria-hidden />}>
              New study
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" p="md">
        <ListToolbar>
          <SearchInput value={params.q} onChange={(value) => setFilter('q', value)} placeholder="Name, protocol, title" />
          <NativeSelect
            label="Status"
            data={selectData(studyStatusOptions, 'All statuses')}
            value={params.filters.status}
            onChange={(event) => setFilter('status', event.currentTarget.value)}
          />
          <NativeSelect
            label="Phase"
            data={selectData(phaseOptions, 'All phases')}
            value={params.filters.phase}
            onChange={(event) => setFilter('phase', event.currentTarget.value)}
          />
        </ListToolbar>
        {list.isError && <ProblemAlert error={list.error} />}
        <DataTable
          caption="Studies"
          columns={columns}
          {...pagedRows(list)}
          rowKey={(study) => study.id}
          sort={params.sort}
          order={params.order}
          onSort={setSort}
          emptyText={params.q || params.filters.status || params.filters.phase ? 'No study matches these filters.' : 'No studies yet.'}
        />
      </Paper>
    </>
  );
}
