import { Anchor, Button, NativeSelect, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { CountrySelect } from '../../components/country-select';
import { type Column, DataTable } from '../../components/data-table';
import { ListToolbar } from '../../components/list-toolbar';
import { ProblemAlert } from '../../components/problem-alert';
import { SearchInput } from '../../components/search-input';
import { StatusBadge } from '../../components/status-badge';
import { countryName } from '../../lib/countries';
import { formatDay } from '../../lib/dates';
import { selectData } from '../../lib/enum-labels';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows, usePagedList } from '../../lib/use-paged-list';
import { useCan } from '../auth/auth-api';
import { ChangeStatusModal } from './change-status-modal';
import { studySiteKeys } from './study-site-api';
import { type StudySite, studySiteStatusOptions, studySiteTransitions } from './study-site-types';

const filterNames = ['status', 'country'] as const;

export const studySitePath = (studySite: Pick<StudySite, 'studyId' | 'id'>) => `/studies/${studySite.studyId}/sites/${studySite.id}`;

/** A study's sites, filtered and sorted by the server, with the status change one click away. */
export function StudySitesTable({ studyId }: { studyId: string }) {
  // 'ss' keeps this table's sort and filters apart from anything else on the study page.
  const { params, setSort, setFilter } = useListParams('siteNumber', filterNames, 'ss');
  const canUpdate = useCan('studySite.update');
  const [changing, setChanging] = useState<StudySite | null>(null);
  const list = usePagedList(studySiteKeys.ofStudy(studyId), '/api/studies/{id}/sites', {
    path: { id: studyId },
    query: {
      sort: params.sort,
      order: params.order,
      q: params.q,
      ...params.filters,
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
          <Anchor component={Link} to={studySitePath(row)} fw={600}>
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
      key: 'country',
      header: 'Location',
      sortKey: 'country',
      render: (row) => [row.city, countryName(row.country)].filter(Boolean).join(', '),
    },
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
  if (canUpdate) {
    columns.push({
      key: 'actions',
      header: 'Actions',
      render: (row) =>
        studySiteTransitions[row.status].length > 0 ? (
          <Button size="xs" variant="light" onClick={() => setChanging(row)}>
            Change status
          </Button>
        ) : null,
    });
  }

  return (
    <>
      <ListToolbar>
        <SearchInput
          value={params.q}
          onChange={(value) => setFilter('q', value)}
          label="Search sites"
          placeholder="Name, number, city, PI"
        />
        <NativeSelect
          label="Status"
          data={selectData(studySiteStatusOptions, 'All statuses')}
          value={params.filters.status}
          onChange={(event) => setFilter('status', event.currentTarget.value)}
        />
        <CountrySelect
          value={params.filters.country || null}
          onChange={(value) => setFilter('country', value ?? '')}
          placeholder="All countries"
          w={220}
        />
      </ListToolbar>
      {list.isError && <ProblemAlert error={list.error} />}
      <DataTable
        caption="Sites in this study"
        columns={columns}
        {...pagedRows(list)}
        rowKey={(row) => row.id}
        sort={params.sort}
        order={params.order}
        onSort={setSort}
        emptyText={
          params.q || params.filters.status || params.filters.country ? 'No site matches these filters.' : 'No sites in this study yet.'
        }
      />
      {changing && <ChangeStatusModal studySite={changing} opened onClose={() => setChanging(null)} />}
    </>
  );
}
