import { Anchor, Button, Paper } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { ListToolbar } from '../../components/list-toolbar';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { RemoteSelect } from '../../components/remote-select';
import { SearchInput } from '../../components/search-input';
import { StatusBadge } from '../../components/status-badge';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows, usePagedList } from '../../lib/use-paged-list';
import { useCan } from '../auth/auth-api';
import { searchOrganizations } from '../organizations/organization-api';
import { userKeys } from './user-api';
import { type User, userState, userStateOptions } from './user-types';

const filterNames = ['organizationId'] as const;

const columns: Column<User>[] = [
  {
    key: 'fullName',
    header: 'Name',
    sortKey: 'fullName',
    render: (user) => (
      <Anchor component={Link} to={`/users/${user.id}`} fw={600}>
        {user.fullName}
      </Anchor>
    ),
  },
  { key: 'email', header: 'E-mail', sortKey: 'email', render: (user) => user.email },
  {
    key: 'organization',
    header: 'Organization',
    render: (user) => (
      <Anchor component={Link} to={`/organizations/${user.organizationId}`} size="sm" c="inherit">
        {user.organizationName}
      </Anchor>
    ),
  },
  { key: 'state', header: 'Account', render: (user) => <StatusBadge options={userStateOptions} value={userState(user)} /> },
];

export function UserListPage() {
  const { params, setSort, setFilter } = useListParams('fullName', filterNames);
  const canWrite = useCan('user.write');
  const list = usePagedList(userKeys.list, '/api/users', {
    query: { sort: params.sort, order: params.order, q: params.q, ...params.filters },
  });
  return (
    <>
      <PageHeader
        title="Users"
        subtitle="People who can log in, and what each may see and do"
        actions={
          canWrite && (
            <Button component={Link} to="/users/new" leftSection={<IconPlus size={16} aria-hidden />}>
              New user
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" p="md">
        <ListToolbar>
          <SearchInput value={params.q} onChange={(value) => setFilter('q', value)} placeholder="Name or e-mail" />
          <RemoteSelect
            label="Organization"
            queryKey={['organizations', 'all']}
            search={searchOrganizations()}
            clearable
            placeholder="All organizations"
            value={params.filters.organizationId || null}
            onChange={(value) => setFilter('organizationId', value ?? '')}
          />
        </ListToolbar>
        {list.isError && <ProblemAlert error={list.error} />}
        <DataTable
          caption="Users"
          columns={columns}
          {...pagedRows(list)}
          rowKey={(user) => user.id}
          sort={params.sort}
          order={params.order}
          onSort={setSort}
          emptyText={params.q || params.filters.organizationId ? 'No user matches these filters.' : 'No users yet.'}
        />
      </Paper>
    </>
  );
}
