import { Anchor, Button, Paper, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { CountrySelect } from '../../components/country-select';
import { type Column, DataTable } from '../../components/data-table';
import { ListToolbar } from '../../components/list-toolbar';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { SearchInput } from '../../components/search-input';
import { countryName } from '../../lib/countries';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows, usePagedList } from '../../lib/use-paged-list';
import { useCan } from '../auth/auth-api';
import { siteKeys } from './site-api';
import type { Site } from './site-types';

const filterNames = ['country'] as const;

const columns: Column<Site>[] = [
  {
    key: 'name',
    header: 'Site',
    sortKey: 'name',
    render: (site) => (
      <>
        <Anchor component={Link} to={`/sites/${site.id}`} fw={600}>
          {site.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {site.organizationName}
        </Text>
      </>
    ),
  },
  { key: 'city', header: 'City', sortKey: 'city', render: (site) => site.city ?? '—' },
  { key: 'country', header: 'Country', sortKey: 'country', render: (site) => countryName(site.country) },
  { key: 'pi', header: 'Principal investigator', render: (site) => site.principalInvestigator ?? '—' },
  { key: 'timeZone', header: 'Time zone', render: (site) => site.timeZone },
];

export function SiteListPage() {
  const { params, setSort, setFilter } = useListParams('name', filterNames);
  const canCreate = useCan('site.create');
  const list = usePagedList(siteKeys.list, '/api/sites', {
    query: { sort: params.sort, order: params.order, q: params.q, ...params.filters },
  });

  return (
    <>
      <PageHeader
        title="Sites"
        subtitle="Hospitals and clinics where participants are seen"
        actions={
          canCreate && (
            <Button component={Link} to="/sites/new" leftSection={<IconPlus size={16} aria-hidden />}>
              New site
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" p="md">
        <ListToolbar>
          <SearchInput value={params.q} onChange={(value) => setFilter('q', value)} placeholder="Name, city, investigator" />
          <CountrySelect
            value={params.filters.country || null}
            onChange={(value) => setFilter('country', value ?? '')}
            placeholder="All countries"
            w={240}
          />
        </ListToolbar>
        {list.isError && <ProblemAlert error={list.error} />}
        <DataTable
          caption="Sites"
          columns={columns}
          {...pagedRows(list)}
          rowKey={(site) => site.id}
          sort={params.sort}
          order={params.order}
          onSort={setSort}
          emptyText={params.q || params.filters.country ? 'No site matches these filters.' : 'No sites yet.'}
        />
      </Paper>
    </>
  );
}
