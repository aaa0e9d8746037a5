import { Alert, Anchor, Badge, Group, Progress, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { ProblemAlert } from '../../components/problem-alert';
import { AsOf } from '../../lib/dates';
import { useListParams } from '../../lib/use-list-params';
import { useCan } from '../auth/auth-api';
import { useCompleteness } from './document-api';
import type { SiteCompleteness } from './document-types';

export const binderPath = (studyId: string, studySiteId: string) => `/studies/${studyId}/sites/${studySiteId}/file`;

const progressColor = (percent: number) => (percent >= 100 ? 'green' : percent >= 75 ? 'teal' : percent >= 50 ? 'yellow' : 'red');

function Count({ value, color }: { value: number; color: string }) {
  if (!value) return <Text c="dimmed">0</Text>;
  return (
    <Badge color={color} variant="light" radius="sm" size="lg">
      {value}
    </Badge>
  );
}

const sortable = ['siteNumber', 'siteName', 'percent', 'missing', 'expiring', 'expired', 'pending', 'waived'] as const;
type SortKey = (typeof sortable)[number];

/**
 * The study's site files at a glance: how complete each site's essential documents are (ICH E6(R3)
 * Appendix C) and what needs attention. One request for all sites; sorted here because the
 * answer is a bounded aggregate, not a paged list.
 */
export function SiteFileTable({ studyId }: { studyId: string }) {
  const { params, setSort } = useListParams('siteNumber', [], 'sf');
  const query = useCompleteness(studyId);
  const key: SortKey = (sortable as readonly string[]).includes(params.sort) ? (params.sort as SortKey) : 'siteNumber';
  const rows = [...(query.data?.sites ?? [])].sort((a, b) => {
    const left = a[key];
    const right = b[key];
    const result = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right));
    return params.order === 'desc' ? -result : result;
  });
  const columns: Column<SiteCompleteness>[] = [
    { key: 'siteNumber', header: 'Site #', sortKey: 'siteNumber', width: 80, render: (row) => row.siteNumber },
    {
      key: 'siteName',
      header: 'Site',
      sortKey: 'siteName',
      render: (row) => (
        <Anchor component={Link} to={binderPath(studyId, row.studySiteId)} fw={600}>
          {row.siteName}
        </Anchor>
      ),
    },
    {
      key: 'percent',
      header: 'Completeness',
      sortKey: 'percent',
      width: 220,
      render: (row) => (
        <Group gap="xs" wrap="nowrap">
          <Progress
            value={row.expected ? row.percent : 0}
            color={progressColor(row.percent)}
            size="lg"
            w={130}
            aria-label={`${row.siteName}: ${row.percent}% complete`}
          />
          <Text size="sm" fw={600}>
            {row.expected ? `${row.percent}%` : '—'}
          </Text>
        </Group>
      ),
    },
    { key: 'expected', header: 'Expected', render: (row) => row.expected },
    { key: 'missing', header: 'Missing', sortKey: 'missing', render: (row) => <Count value={row.missing} color="red" /> },
    { key: 'expiring', header: 'Expiring', sortKey: 'expiring', render: (row) => <Count value={row.expiring} color="yellow" /> },
    { key: 'expired', header: 'Expired', sortKey: 'expired', render: (row) => <Count value={row.expired} color="red" /> },
    { key: 'pending', header: 'Pending review', sortKey: 'pending', render: (row) => <Count value={row.pending} color="blue" /> },
    { key: 'waived', header: 'Waived', sortKey: 'waived', render: (row) => <Count value={row.waived} color="gray" /> },
  ];
  const nothingExpected = Boolean(query.data && query.data.sites.length > 0 && query.data.sites.every((site) => site.expected === 0));
  return (
    <>
      {query.isError && <ProblemAlert error={query.error} />}
      {nothingExpected && <NothingExpectedGuide studyId={studyId} />}
      <DataTable
        caption="Site file completeness by site"
        columns={columns}
        rows={rows}
        rowKey={(row) => row.studySiteId}
        sort={key}
        order={params.order}
        onSort={setSort}
        isLoading={query.isPending}
        isFetching={query.isFetching}
        emptyText="No sites in this study yet."
      />
      {query.data && (
        <Text size="xs" c="dimmed" mt="xs">
          <AsOf readAt={query.dataUpdatedAt} />, each site on the UTC day. Expiring means expiring within {query.data.expiringWithinDays}{' '}
          days. Only the documents the study expects (Settings → Expected documents) count.
        </Text>
      )}
    </>
  );
}

/**
 * With no expected documents, every site reads "0 expected" and completeness means nothing
 * (#11): say so, and say who sets the list up and where.
 */
function NothingExpectedGuide({ studyId }: { studyId: string }) {
  const maySetUp = useCan('documentRule.write');
  return (
    <Alert color="blue" icon={<IconInfoCircle size={18} aria-hidden />} title="This study expects no documents yet" mb="md">
      <Text size="sm">
        Completeness counts the essential documents the study expects of each site and investigator (ICH E6(R3) Appendix C). Until that list
        is set up, every site shows 0 expected and nothing can be missing.
      </Text>
      <Text size="sm" mt="xs">
        {maySetUp ? (
          <>
            Set it up under{' '}
            <Anchor component={Link} to={`/studies/${studyId}?tab=settings`} fw={600}>
              Settings → Expected documents
            </Anchor>
            .
          </>
        ) : (
          "The study manager sets it up under the study's Settings → Expected documents; ask them to."
        )}
      </Text>
    </Alert>
  );
}
