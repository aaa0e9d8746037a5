import { Anchor, NativeSelect, Paper, Select } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { ListToolbar } from '../../components/list-toolbar';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { formatDay } from '../../lib/dates';
import { selectData } from '../../lib/enum-labels';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows, usePagedList } from '../../lib/use-paged-list';
import { useCan } from '../auth/auth-api';
import { studySiteOption, useStudyOptions, useStudySites } from '../participants/scope-options';
import { AssessDeviationModal } from './assess-deviation-modal';
import { type Deviation, deviationCategoryOptions, deviationKeys, deviationStatusOptions } from './deviation-api';
import { AssessButton, CategoryCell, DescriptionCell, StatusCell } from './deviation-cells';

const filterNames = ['studyId', 'studySiteId', 'status', 'category'] as const;

/** Protocol deviations across the user's studies, newest first, to assess (ICH E6(R3) 3.10.1.3 and 2.7). */
export function DeviationsPage({ studyId: fixedStudyId, embedded }: { studyId?: string; embedded?: boolean }) {
  const { params, setFilter } = useListParams('occurredOn', filterNames, 'd');
  const [, setSearchParams] = useSearchParams();
  const studyId = fixedStudyId ?? params.filters.studyId;
  const studies = useStudyOptions();
  const studySites = useStudySites(studyId || undefined);
  const siteOptions = (studySites.data ?? []).map(studySiteOption);
  const siteLabels = new Map(siteOptions.map((option) => [option.value, option.label]));
  const studyLabels = new Map((studies.data ?? []).map((option) => [option.value, option.label.replace(/ \(.*\)$/, '')]));
  const canAssess = useCan('deviation.assess');
  const [assessing, setAssessing] = useState<Deviation | null>(null);
  const list = usePagedList(deviationKeys.list, '/api/deviations', {
    query: {
      studyId: studyId || undefined,
      studySiteId: params.filters.studySiteId,
      status: params.filters.status,
      category: params.filters.category,
      order: 'desc',
    },
  });

  const columns: Column<Deviation>[] = [
    { key: 'occurredOn', header: 'Occurred', width: 120, render: (row) => formatDay(row.occurredOn) },
    { key: 'category', header: 'Category', render: (row) => <CategoryCell deviation={row} /> },
    {
      key: 'participant',
      header: 'Participant',
      render: (row) =>
        row.participantId ? (
          <Anchor component={Link} to={`/participants/${row.participantId}`} size="sm" ff="monospace" fw={600}>
            {row.subjectNumber ?? 'Open'}
          </Anchor>
        ) : (
          '—'
        ),
    },
    {
      key: 'where',
      header: studyId ? 'Site' : 'Study',
      render: (row) => (studyId ? (siteLabels.get(row.studySiteId) ?? '—') : (studyLabels.get(row.studyId) ?? '—')),
    },
    { key: 'description', header: 'Description', render: (row) => <DescriptionCell deviation={row} /> },
    { key: 'status', header: 'Status / importance', render: (row) => <StatusCell deviation={row} /> },
    ...(canAssess
      ? [{ key: 'assess', header: '', render: (row: Deviation) => <AssessButton deviation={row} onAssess={setAssessing} /> }]
      : []),
  ];

  const table = (
    <>
      <ListToolbar>
        {!fixedStudyId && (
          <Select
            label="Study"
            placeholder="All studies"
            clearable
            searchable
            data={studies.data ?? []}
            value={params.filters.studyId || null}
            onChange={(value) =>
              setSearchParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  if (value) next.set('dstudyId', value);
                  else next.delete('dstudyId');
                  next.delete('dstudySiteId');
                  return next;
                },
                { replace: true },
              )
            }
            w={{ base: '100%', sm: 280 }}
          />
        )}
        {studyId && (
          <NativeSelect
            label="Site"
            data={[{ value: '', label: 'All sites' }, ...siteOptions]}
            value={params.filters.studySiteId}
            onChange={(event) => setFilter('studySiteId', event.currentTarget.value)}
          />
        )}
        <NativeSelect
          label="Status"
          data={selectData(deviationStatusOptions, 'All')}
          value={params.filters.status}
          onChange={(event) => setFilter('status', event.currentTarget.value)}
        />
        <NativeSelect
          label="Category"
          data={selectData(deviationCategoryOptions, 'All categories')}
          value={params.filters.category}
          onChange={(event) => setFilter('category', event.currentTarget.value)}
        />
      </ListToolbar>
      {list.isError && <ProblemAlert error={list.error} />}
      <DataTable
        caption="Protocol deviations, newest first"
        columns={columns}
        {...pagedRows(list)}
        rowKey={(row) => row.id}
        emptyText="No deviations match."
      />
      <AssessDeviationModal deviation={assessing} onClose={() => setAssessing(null)} />
    </>
  );
  if (embedded) return table;
  return (
    <>
      <PageHeader
        title="Deviations"
        subtitle="Protocol deviations: detected from visits and consent, or reported; assessed by the monitor or study team"
      />
      <Paper withBorder radius="md" p="md">
        {table}
      </Paper>
    </>
  );
}
