import { Anchor, Button, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPencil } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { DetailList } from '../../components/detail-list';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { countryName } from '../../lib/countries';
import { labelOf } from '../../lib/enum-labels';
import { usePagedList } from '../../lib/use-paged-list';
import { useCan } from '../auth/auth-api';
import { siteKeys } from '../sites/site-api';
import type { Site } from '../sites/site-types';
import { studyKeys } from '../studies/study-api';
import { type Study, studyStatusOptions } from '../studies/study-types';
import { userKeys } from '../users/user-api';
import { type User, userState, userStateOptions } from '../users/user-types';
import { useOrganization } from './organization-api';
import { OrganizationFormModal } from './organization-form-modal';
import { type Organization, organizationKindOptions } from './organization-types';

export function OrganizationDetailPage() {
  const { organizationId = '' } = useParams();
  const query = useOrganization(organizationId);
  const canWrite = useCan('organization.write');
  const canReadUsers = useCan('user.read');
  const [editing, editModal] = useDisclosure();
  return (
    <QueryBoundary query={query} what="organization">
      {(current) => {
        const organization = current.record;
        return (
          <>
            <PageHeader
              title={organization.name}
              badge={<StatusBadge options={organizationKindOptions} value={organization.kind} />}
              trail={[{ label: 'Organizations', to: '/organizations' }, { label: organization.name }]}
              actions={
                canWrite && (
                  <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={editModal.open}>
                    Edit organization
                  </Button>
                )
              }
            />
            <Stack>
              <SectionCard title="Organization">
                <DetailList
                  items={[
                    { label: 'Kind', value: labelOf(organizationKindOptions, organization.kind) },
                    { label: 'Country', value: countryName(organization.country) },
                    { label: 'Version', value: organization.version },
                  ]}
                />
              </SectionCard>
              <RelatedRecords organization={organization} />
              {canReadUsers && <OrganizationUsers organizationId={organization.id} />}
              <HistoryPanel entityType="organization" entityId={organization.id} />
            </Stack>
            <OrganizationFormModal current={current} opened={editing} onClose={editModal.close} />
          </>
        );
      }}
    </QueryBoundary>
  );
}

/** What hangs off an organization depends on its kind: a sponsor's studies, a site organization's sites. */
function RelatedRecords({ organization }: { organization: Organization }) {
  if (organization.kind === 'sponsor') return <SponsorStudies organizationId={organization.id} />;
  if (organization.kind === 'site') return <OrganizationSites organizationId={organization.id} />;
  return null;
}

const studyColumns: Column<Study>[] = [
  {
    key: 'shortName',
    header: 'Study',
    render: (study) => (
      <Anchor component={Link} to={`/studies/${study.id}`} fw={600}>
        {study.shortName}
      </Anchor>
    ),
  },
  { key: 'protocol', header: 'Protocol', render: (study) => study.protocolNumber },
  { key: 'status', header: 'Status', render: (study) => <StatusBadge options={studyStatusOptions} value={study.status} /> },
  { key: 'sites', header: 'Sites', render: (study) => study.siteCount },
];

function SponsorStudies({ organizationId }: { organizationId: string }) {
  const list = usePagedList(studyKeys.list, '/api/studies', { query: { sponsorOrgId: organizationId, sort: 'shortName' } });
  return (
    <SectionCard title="Studies it sponsors">
      <DataTable
        caption="Studies it sponsors"
        columns={studyColumns}
        rows={list.items}
        rowKey={(study) => study.id}
        isLoading={list.isPending}
        hasMore={list.hasNextPage}
        isLoadingMore={list.isFetchingNextPage}
        onLoadMore={() => list.fetchNextPage()}
        emptyText="No study you can see."
      />
    </SectionCard>
  );
}

const siteColumns: Column<Site>[] = [
  {
    key: 'name',
    header: 'Site',
    render: (site) => (
      <Anchor component={Link} to={`/sites/${site.id}`} fw={600}>
        {site.name}
      </Anchor>
    ),
  },
  { key: 'city', header: 'City', render: (site) => site.city ?? '—' },
  { key: 'country', header: 'Country', render: (site) => countryName(site.country) },
  { key: 'pi', header: 'Principal investigator', render: (site) => site.principalInvestigator ?? '—' },
];

function OrganizationSites({ organizationId }: { organizationId: string }) {
  const list = usePagedList(siteKeys.list, '/api/sites', { query: { organizationId, sort: 'name' } });
  return (
    <SectionCard title="Its sites">
      <DataTable
        caption="Its sites"
        columns={siteColumns}
        rows={list.items}
        rowKey={(site) => site.id}
        isLoading={list.isPending}
        hasMore={list.hasNextPage}
        isLoadingMore={list.isFetchingNextPage}
        onLoadMore={() => list.fetchNextPage()}
        emptyText="No site you can see."
      />
    </SectionCard>
  );
}

const userColumns: Column<User>[] = [
  {
    key: 'fullName',
    header: 'Name',
    render: (user) => (
      <Anchor component={Link} to={`/users/${user.id}`} fw={600}>
        {user.fullName}
      </Anchor>
    ),
  },
  { key: 'email', header: 'E-mail', render: (user) => user.email },
  { key: 'state', header: 'Account', render: (user) => <StatusBadge options={userStateOptions} value={userState(user)} /> },
];

function OrganizationUsers({ organizationId }: { organizationId: string }) {
  const list = usePagedList(userKeys.list, '/api/users', { query: { organizationId, sort: 'fullName' } });
  return (
    <SectionCard title="Its users">
      <DataTable
        caption="Its users"
        columns={userColumns}
        rows={list.items}
        rowKey={(user) => user.id}
        isLoading={list.isPending}
        hasMore={list.hasNextPage}
        isLoadingMore={list.isFetchingNextPage}
        onLoadMore={() => list.fetchNextPage()}
        emptyText="No users in this organization."
      />
    </SectionCard>
  );
}
