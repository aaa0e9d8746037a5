import { Anchor, Button, Group, Text } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { ProblemAlert } from '../../components/problem-alert';
import { StatusBadge } from '../../components/status-badge';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows, usePagedList } from '../../lib/use-paged-list';
import { studySiteKeys } from '../study-sites/study-site-api';
import { type StudySite, studySiteStatusOptions } from '../study-sites/study-site-types';
import { exportLogUrl } from './delegation-api';

/** Each site's delegation log, one click away; validity is shown per entry in the log itself. */
export function StudyDelegationTab({ studyId }: { studyId: string }) {
  const { params, setSort } = useListParams('siteNumber', [], 'dl');
  const list = usePagedList(studySiteKeys.ofStudy(studyId), '/api/studies/{id}/sites', {
    path: { id: studyId },
    query: {
      sort: params.sort,
      order: params.order,
    },
  });
  const columns: Column<StudySite>[] = [
    { key: 'siteNumber', header: 'Site #', sortKey: 'siteNumber', width: 90, render: (row) => row.siteNumber },
    {
      key: 'siteName',
      header: 'Site',
      sortKey: 'siteName',
      render: (row) => (
        <>
          <Anchor component={Link} to={`/studies/${studyId}/sites/${row.id}/delegation`} fw={600}>
            {row.siteName}
          </Anchor>
          {row.principalInvestigator && (
            <Text size="xs" c="dimmed">
              PI: {row.principalInvestigator}
            </Text>
          )}
        </>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      sortKey: 'status',
      render: (row) => <StatusBadge options={studySiteStatusOptions} value={row.status} />,
    },
    {
      key: 'actions',
      header: 'Delegation log',
      render: (row) => (
        <Group gap={6}>
          <Button component={Link} to={`/studies/${studyId}/sites/${row.id}/delegation`} size="xs" variant="light">
            Open log
          </Button>
          <Button
            component="a"
            href={exportLogUrl(studyId, row.id)}
            size="xs"
            variant="default"
            leftSection={<IconFileTypePdf size={14} aria-hidden />}
          >
            PDF
          </Button>
        </Group>
      ),
    },
  ];
  return (
    <>
      {list.isError && <ProblemAlert error={list.error} />}
      <DataTable
        caption="Delegation logs by site"
        columns={columns}
        {...pagedRows(list)}
        rowKey={(row) => row.id}
        sort={params.sort}
        order={params.order}
        onSort={setSort}
        emptyText="No sites in this study yet."
      />
    </>
  );
}
