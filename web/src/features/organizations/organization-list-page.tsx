import { Anchor, Button, NativeSelect, Paper } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { ListToolbar } from '../../components/list-toolbar';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { SearchInput } from '../../components/search-input';
import { StatusBadge } from '../../components/status-badge';
import { countryName } from '../../lib/countries';
import { selectData } from '../../lib/enum-labels';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows, usePagedList } from '../../lib/use-paged-list';
import { useCan } from '../auth/auth-api';
import { organizationKeys } from './organization-api';
import { OrganizationFormModal } from './organization-form-modal';
import { type Organization, organizationKindOptions } from './organization-types';

const filterNames = ['kind'] as const;

const columns: Column<Organization>[] = [
  {
    key: 'name',
    header: 'Name',
    sortKey: 'name',
    render: (organization) => (
      <Anchor component={Link} to={`/organizations/${organization.id}`} fw={600}>
        {organization.name}
      </Anchor>
    ),
  },
  {
    key: 'kind',
    header: 'Kind',
    sortKey: 'kind',
    render: (organization) => <StatusBadge options={organizationKindOptions} value={organization.kind} />,
  },
  { key: 'country', header: 'Country', render: (organization) => countryName(organization.country) },
];

export function OrganizationListPage() {
  const { params, setSort, setFilter } = useListParams('name', filterNames);
  const canWrite = useCan('organization.write');
  const [creating, createModal] = useDisclosure();
  const list = usePagedList(organizationKeys.list, '/api/organizations', {
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
        title="Organizations"
        subtitle="Sponsors, CROs, SMOs, site organizations and vendors"
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={createModal.open}>
              New organization
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" p="md">
        <ListToolbar>
          <SearchInput value={params.q} onChange={(value) => setFilter('q', value)} placeholder="Name" />
          <NativeSelect
            label="Kind"
            data={selectData(organizationKindOptions, 'All kinds')}
            value={params.filters.kind}
            onChange={(event) => setFilter('kind', event.currentTarget.value)}
          />
        </ListToolbar>
        {list.isError && <ProblemAlert error={list.error} />}
        <DataTable
          caption="Organizations"
          columns={columns}
          {...pagedRows(list)}
          rowKey={(organization) => organization.id}
          sort={params.sort}
          order={params.order}
          onSort={setSort}
          emptyText={params.q || params.filters.kind ? 'No organization matches these filters.' : 'No organizations yet.'}
        />
      </Paper>
      <OrganizationFormModal opened={creating} onClose={createModal.close} />
    </>
  );
}
