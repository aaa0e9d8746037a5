import { Anchor, Button, Group, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { IconPlus, IconUserCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { ListToolbar } from '../../components/list-toolbar';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { QueryBoundary } from '../../components/query-boundary';
import { SearchInput } from '../../components/search-input';
import { StatusBadge } from '../../components/status-badge';
import { formatDay } from '../../lib/dates';
import { labelOf, selectData } from '../../lib/enum-labels';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows, usePagedList } from '../../lib/use-paged-list';
import { useCan } from '../auth/auth-api';
import { useStudySite } from '../study-sites/study-site-api';
import type { StudySite } from '../study-sites/study-site-types';
import { CandidateModal } from './candidate-modal';
import { participantKeys } from './participant-api';
import { candidateOutcomeOptions, candidateSourceOptions, type PrescreenCandidate } from './participant-types';
import { ScreenParticipantModal } from './screen-participant-modal';

/** The pre-screening log of one study at one site: who was considered, from where, and why not screened. */
export function PrescreeningPage() {
  const { studyId = '', studySiteId = '' } = useParams();
  const query = useStudySite(studyId, studySiteId);
  return (
    <QueryBoundary query={query} what="study site">
      {({ record }) => <PrescreeningLog studySite={record} />}
    </QueryBoundary>
  );
}

const filterNames = ['outcome', 'source'] as const;
const screenable = (candidate: PrescreenCandidate) => candidate.outcome === 'pending' || candidate.outcome === 'to_screen';

function PrescreeningLog({ studySite }: { studySite: StudySite }) {
  const { params, setFilter } = useListParams('prescreenedOn', filterNames);
  const canWrite = useCan('participant.write');
  const mayIdentify = useCan('participant.identify');
  const [editing, setEditing] = useState<PrescreenCandidate | 'new' | null>(null);
  const [screening, setScreening] = useState<PrescreenCandidate | null>(null);
  const list = usePagedList(participantKeys.candidates(studySite.id), '/api/studies/{id}/sites/{studySiteId}/prescreen-candidates', {
    path: { id: studySite.studyId, studySiteId: studySite.id },
    query: { order: 'desc', q: params.q, ...params.filters },
  });
  const showsIdentity = list.items.some((row) => row.identity);

  const columns: Column<PrescreenCandidate>[] = [
    { key: 'prescreenedOn', header: 'Pre-screened', width: 130, render: (row) => formatDay(row.prescreenedOn) },
    ...(showsIdentity
      ? [
          {
            key: 'who',
            header: 'Candidate',
            render: (row: PrescreenCandidate) =>
              row.identity ? (
                <Stack gap={0}>
                  <Text size="sm" fw={600}>
                    {row.identity.fullName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {[row.identity.phone, row.identity.email].filter(Boolean).join(' · ')}
                  </Text>
                </Stack>
              ) : (
                '—'
              ),
          },
        ]
      : []),
    { key: 'source', header: 'Source', render: (row) => labelOf(candidateSourceOptions, row.source) },
    { key: 'outcome', header: 'Outcome', render: (row) => <StatusBadge options={candidateOutcomeOptions} value={row.outcome} /> },
    { key: 'outcomeReason', header: 'Reason', render: (row) => row.outcomeReason ?? '—' },
    {
      key: 'participant',
      header: 'Participant',
      render: (row) =>
        row.participantId ? (
          <Anchor component={Link} to={`/participants/${row.participantId}`} size="sm" ff="monospace">
            {row.participantSubjectNumber ?? 'Participant'}
          </Anchor>
        ) : (
          '—'
        ),
    },
    ...(canWrite
      ? [
          {
            key: 'actions',
            header: 'Actions',
            render: (row: PrescreenCandidate) => (
              <Group gap={6} wrap="nowrap">
                {screenable(row) && (
                  <Button size="xs" leftSection={<IconUserCheck size={14} aria-hidden />} onClick={() => setScreening(row)}>
                    Screen
                  </Button>
                )}
                {row.outcome !== 'screened' && (
                  <Button size="xs" variant="light" onClick={() => setEditing(row)}>
                    Edit
                  </Button>
                )}
              </Group>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={`Pre-screening log · Site ${studySite.siteNumber}`}
        subtitle={`${studySite.siteName} · ${studySite.studyShortName} (${studySite.protocolNumber})`}
        trail={[
          { label: 'Studies', to: '/studies' },
          { label: studySite.studyShortName, to: `/studies/${studySite.studyId}?tab=participants` },
          { label: `Site ${studySite.siteNumber}`, to: `/studies/${studySite.studyId}/sites/${studySite.id}` },
          { label: 'Pre-screening log' },
        ]}
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
              Add candidate
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" p="md">
        <ListToolbar>
          {mayIdentify && <SearchInput value={params.q} onChange={(value) => setFilter('q', value)} placeholder="Name" />}
          <NativeSelect
            label="Outcome"
            data={selectData(candidateOutcomeOptions, 'All outcomes')}
            value={params.filters.outcome}
            onChange={(event) => setFilter('outcome', event.currentTarget.value)}
          />
          <NativeSelect
            label="Source"
            data={selectData(candidateSourceOptions, 'All sources')}
            value={params.filters.source}
            onChange={(event) => setFilter('source', event.currentTarget.value)}
          />
        </ListToolbar>
        {list.isError && <ProblemAlert error={list.error} />}
        <DataTable
          caption="Pre-screening candidates, newest first"
          columns={columns}
          {...pagedRows(list)}
          rowKey={(row) => row.id}
          emptyText="No candidates in the log yet."
        />
        {!mayIdentify && (
          <Text size="xs" c="dimmed" mt="sm">
            Names and contact details stay with the site.
          </Text>
        )}
      </Paper>
      <CandidateModal
        studyId={studySite.studyId}
        studySiteId={studySite.id}
        timeZone={studySite.timeZone}
        candidate={editing}
        onClose={() => setEditing(null)}
      />
      <ScreenParticipantModal
        opened={screening !== null}
        onClose={() => setScreening(null)}
        studyId={studySite.studyId}
        studySiteId={studySite.id}
        timeZone={studySite.timeZone}
        candidate={screening}
      />
    </>
  );
}
