import { Anchor, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { DetailList } from '../../components/detail-list';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { formatDay, siteToday } from '../../lib/dates';
import { usePagedList } from '../../lib/use-paged-list';
import { useCan } from '../auth/auth-api';
import { documentKeys } from '../documents/document-api';
import { reviewStatusOptions, type TrialDocument } from '../documents/document-types';
import { PersonTrainingStatusCard } from '../training/person-training-status';
import { TrainingPanel } from '../training/training-panel';
import { usePerson } from './person-api';
import { isCurrentRole, type Staff, staffRoleOptions } from './person-types';

const roleColumns: Column<Staff>[] = [
  {
    key: 'site',
    header: 'Site',
    render: (row) => (
      <Anchor component={Link} to={`/sites/${row.siteId}`} fw={600}>
        {row.siteName}
      </Anchor>
    ),
  },
  { key: 'role', header: 'Role', render: (row) => <StatusBadge options={staffRoleOptions} value={row.role} /> },
  { key: 'start', header: 'From', render: (row) => formatDay(row.startDate) },
  { key: 'end', header: 'Until', render: (row) => formatDay(row.endDate) },
  {
    key: 'state',
    header: 'State',
    render: (row) => (isCurrentRole(row) ? 'Current' : row.startDate > siteToday(row.siteTimeZone) ? 'Starts later' : 'Ended'),
  },
];

const documentColumns: Column<TrialDocument>[] = [
  {
    key: 'title',
    header: 'Document',
    sortKey: 'title',
    render: (row) => (
      <>
        <Anchor component={Link} to={`/documents/${row.id}`} fw={600}>
          {row.title}
        </Anchor>
        <Text size="xs" c="dimmed">
          {row.artifactNumber} {row.artifactName}
        </Text>
      </>
    ),
  },
  { key: 'study', header: 'Study', render: (row) => row.studyShortName },
  { key: 'site', header: 'Site', render: (row) => row.siteName ?? '—' },
  { key: 'version', header: 'Version', render: (row) => row.currentVersionNumber ?? '—' },
  {
    key: 'review',
    header: 'Review',
    render: (row) => (row.currentReviewStatus ? <StatusBadge options={reviewStatusOptions} value={row.currentReviewStatus} /> : '—'),
  },
  { key: 'expires', header: 'Expires', render: (row) => formatDay(row.approvedExpiryDate) },
];

/** A person at the sites: who they are, where they work in which role, their documents and training. */
export function PersonPage() {
  const { personId = '' } = useParams();
  const query = usePerson(personId);
  const canReadTraining = useCan('training.read');
  const documents = usePagedList(documentKeys.all, '/api/documents', { query: { personId, sort: 'artifactNumber' } });
  return (
    <QueryBoundary query={query} what="person">
      {({ record: person }) => (
        <>
          <PageHeader
            title={person.fullName}
            subtitle={[person.professionalTitle, person.organizationName].filter(Boolean).join(' · ')}
            trail={[
              { label: 'Sites', to: '/sites' },
              ...(person.roles[0] ? [{ label: person.roles[0].siteName, to: `/sites/${person.roles[0].siteId}` }] : []),
              { label: person.fullName },
            ]}
          />
          <Stack>
            <SectionCard title="Person">
              <DetailList
                items={[
                  { label: 'Full name', value: person.fullName },
                  { label: 'Professional title', value: person.professionalTitle },
                  { label: 'E-mail', value: person.email },
                  { label: 'Organization', value: person.organizationName },
                  { label: 'Login', value: person.userId ? 'Linked to a user account' : 'No login' },
                  { label: 'Version', value: person.version },
                ]}
              />
            </SectionCard>
            <SectionCard title="Roles at sites">
              <DataTable
                caption="Roles at sites"
                columns={roleColumns}
                rows={person.roles}
                rowKey={(row) => row.id}
                emptyText="No role at any site you can see."
              />
            </SectionCard>
            <SectionCard title="Documents">
              {documents.isError && <ProblemAlert error={documents.error} />}
              <DataTable
                caption="Documents of this person"
                columns={documentColumns}
                rows={documents.items}
                rowKey={(row) => row.id}
                isLoading={documents.isPending}
                hasMore={documents.hasNextPage}
                isLoadingMore={documents.isFetchingNextPage}
                onLoadMore={() => documents.fetchNextPage()}
                emptyText="No CV, licence or other document filed for this person."
              />
            </SectionCard>
            {canReadTraining && <TrainingPanel personId={person.id} />}
            {canReadTraining && <PersonTrainingStatusCard personId={person.id} siteIds={person.roles.map((role) => role.siteId)} />}
            <HistoryPanel entityType="person" entityId={person.id} />
          </Stack>
        </>
      )}
    </QueryBoundary>
  );
}
