import { Anchor, NativeSelect, Text } from '@mantine/core';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { ListToolbar } from '../../components/list-toolbar';
import { ProblemAlert } from '../../components/problem-alert';
import { StatusBadge } from '../../components/status-badge';
import { formatDay } from '../../lib/dates';
import { selectData } from '../../lib/enum-labels';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows, usePagedList } from '../../lib/use-paged-list';
import { studySiteKeys } from './study-site-api';
import { type StudySite, studySiteStatusOptions } from './study-site-types';
import { studySitePath } from './study-sites-table';

const filterNames = ['status'] as const;

const columns: Column<StudySite>[] = [
  {
    key: 'study',
    header: 'Study',
    render: (row) => (
      <>
        <Anchor component={Link} to={studySitePath(row)} fw={600}>
          {row.studyShortName}
        </Anchor>
        <Text size="xs" c="dimmed">
          {row.protocolNumber}
        </Text>
      </>
    ),
  },
  { key: 'siteNumber', header: 'Site #', sortKey: 'siteNumber', render: (row) => row.siteNumber },
  {
    key: 'status',
    header: 'Status',
    sortKey: 'status',
    render: (row) => <StatusBadge options={studySiteStatusOptions} value={row.status} />,
  },
  { key: 'activationDate', header: 'Activated', sortKey: 'activationDate', render: (row) => formatDay(row.activationDate) },
  { key: 'target', header: 'Target', render: (row) => row.targetEnrollment ?? '—' },
  { key: 'smo', header: 'SMO', render: (row) => row.smoName ?? '—' },
];

/** The studies a site takes part in (that the user may see), from /api/study-sites?siteId=. */
export function SiteStudiesTable({ siteId }: { siteId: string }) {
  const { params, setSort, setFilter } = useListParams('siteNumber', filterNames, 'ss');
  const list = usePagedList(studySiteKeys.ofSite(siteId), '/api/study-sites', {
    query: {
      siteId,
      sort: params.sort,
      order: params.order,
      ...params.filters,
    },
  });
  return (
    <>
      <ListToolbar>
        <NativeSelect
          label="Status"
          data={selectData(studySiteStatusOptions, 'All statuses')}
          value={params.filters.status}
          onChange={(event) => setFilter('status', event.currentTarget.value)}
        />
      </ListToolbar>
      {list.isError && <ProblemAlert error={list.error} />}
      <DataTable
        caption="Studies at this site"
        columns={columns}
        {...pagedRows(list)}
        rowKey={(row) => row.id}
        sort={params.sort}
        order={params.order}
        onSort={setSort}
        emptyText="This site takes part in no study you can see."
      />
    </>
  );
}
