import { Anchor, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { answer, api } from '../../app/api-client';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { AsOf, formatDay } from '../../lib/dates';
import { labelOf } from '../../lib/enum-labels';
import { staffRoleOptions } from '../people/person-types';
import { studySiteKeys } from '../study-sites/study-site-api';
import { trainingKeys } from './training-api';
import { trainingKindOptions, trainingStatusOptions } from './training-types';

/**
 * What each study asks of this person's roles (GCP, protocol training, licence) against their
 * records: the same facts that decide whether their delegated tasks are valid.
 */
export function PersonTrainingStatusCard({ personId, siteIds }: { personId: string; siteIds: string[] }) {
  // The studies run at the person's sites: one small request per site (a person works at few).
  const perSite = useQueries({
    queries: [...new Set(siteIds)].map((siteId) => ({
      queryKey: [...studySiteKeys.ofSite(siteId), 'for-training'],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        answer(api.GET('/api/study-sites', { params: { query: { siteId, limit: 100 } }, signal })),
    })),
  });
  const studies = [
    ...new Map(perSite.flatMap((q) => q.data?.items ?? []).map((ss) => [ss.studyId, `${ss.studyShortName} (${ss.protocolNumber})`])),
  ].sort((a, b) => a[1].localeCompare(b[1]));
  const [chosen, setChosen] = useState('');
  const studyId = chosen || studies[0]?.[0] || '';
  const status = useQuery({
    queryKey: [...trainingKeys.all, 'person-status', personId, studyId],
    queryFn: ({ signal }) =>
      answer(api.GET('/api/people/{id}/training-status', { params: { path: { id: personId }, query: { studyId } }, signal })),
    enabled: Boolean(studyId),
  });
  const data = status.data;
  return (
    <SectionCard
      title="Training status by study"
      actions={
        studies.length > 1 && (
          <NativeSelect
            label="Study"
            size="xs"
            value={studyId}
            onChange={(event) => setChosen(event.currentTarget.value)}
            data={studies.map(([value, label]) => ({ value, label }))}
          />
        )
      }
    >
      <Stack gap="sm">
        {perSite.some((q) => q.isError) && <ProblemAlert error={perSite.find((q) => q.isError)?.error} />}
        {status.isError && <ProblemAlert error={status.error} />}
        {siteIds.length === 0 || (perSite.every((q) => q.isSuccess) && studies.length === 0) ? (
          <Text c="dimmed">No study runs at this person's sites.</Text>
        ) : null}
        {data && (
          <>
            <Group gap="xs">
              <Text size="sm">
                {studies.find(([id]) => id === studyId)?.[1]} · <AsOf label="as of" readAt={status.dataUpdatedAt} />:
              </Text>
              <StatusBadge options={trainingStatusOptions} value={data.status} />
              {data.sites.map((site) => (
                <Text key={site.studySiteId} size="sm" c="dimmed">
                  <Anchor component={Link} to={`/studies/${studyId}/sites/${site.studySiteId}`} size="sm">
                    {site.siteName}
                  </Anchor>{' '}
                  ({site.roles.map((role) => labelOf(staffRoleOptions, role)).join(', ')})
                </Text>
              ))}
            </Group>
            {data.items.length === 0 ? (
              <Text c="dimmed" size="sm">
                The study requires no training of this person's roles.
              </Text>
            ) : (
              <Table verticalSpacing="xs" aria-label="Training required by the study">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Requirement</Table.Th>
                    <Table.Th scope="col">Kind</Table.Th>
                    <Table.Th scope="col">Required for</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Expires</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((item) => (
                    <Table.Tr key={`${item.kind}:${item.label}`}>
                      <Table.Td>{item.label}</Table.Td>
                      <Table.Td>
                        <StatusBadge options={trainingKindOptions} value={item.kind} />
                      </Table.Td>
                      <Table.Td>{item.roles.map((role) => labelOf(staffRoleOptions, role)).join(', ')}</Table.Td>
                      <Table.Td>
                        <StatusBadge options={trainingStatusOptions} value={item.status} />
                      </Table.Td>
                      <Table.Td>{formatDay(item.expiresOn)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </>
        )}
      </Stack>
    </SectionCard>
  );
}
