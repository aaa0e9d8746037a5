import { Anchor, NativeSelect, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { ListItem } from '../../app/api-types';
import { type Column, DataTable } from '../../components/data-table';
import { ListToolbar } from '../../components/list-toolbar';
import { ProblemAlert } from '../../components/problem-alert';
import { SearchInput } from '../../components/search-input';
import { StatusBadge } from '../../components/status-badge';
import { formatDay } from '../../lib/dates';
import { selectData } from '../../lib/enum-labels';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows, usePagedList } from '../../lib/use-paged-list';
import { useCan } from '../auth/auth-api';
import { participantKeys } from './participant-api';
import { participantStatusOptions } from './participant-types';

/** A row of the list: the participant and their next scheduled visit. */
type Participant = ListItem<'/api/participants'>;

const filterNames = ['status', 'studySiteId'] as const;

interface ParticipantsTableProps {
  studyId?: string;
  /** Fixed when the table sits on one study-site's page. */
  studySiteId?: string;
  /** The study's sites, for the site filter (absent on a study-site page). */
  siteOptions?: { value: string; label: string }[];
  /** Study names by id, for the study column of a list across studies. */
  studyOptions?: { value: string; label: string }[];
  /** Keeps this table's URL parameters apart from another list on the page. */
  prefix?: string;
}

export const participantPagePath = (id: string) => `/participants/${id}`;

/**
 * Participants by subject number, the pseudonym everyone sees; the API adds names only for
 * site roles, and decides whether the search matches them.
 */
export function ParticipantsTable({ studyId, studySiteId, siteOptions, studyOptions, prefix = 'p' }: ParticipantsTableProps) {
  const siteLabels = siteOptions && new Map(siteOptions.map((option) => [option.value, option.label]));
  const studyLabels = studyOptions && new Map(studyOptions.map((option) => [option.value, option.label.replace(/ \(.*\)$/, '')]));
  const { params, setSort, setFilter } = useListParams('subjectNumber', filterNames, prefix);
  const mayIdentify = useCan('participant.identify');
  const list = usePagedList(participantKeys.list, '/api/participants', {
    query: {
      studyId,
      studySiteId: studySiteId ?? params.filters.studySiteId,
      status: params.filters.status,
      q: params.q,
      sort: params.sort,
      order: params.order,
    },
  });
  const showsNames = list.items.some((row) => row.fullName);

  const columns: Column<Participant>[] = [
    {
      key: 'subjectNumber',
      header: 'Subject',
      sortKey: 'subjectNumber',
      width: 130,
      render: (row) => (
        <Stack gap={0}>
          <Anchor component={Link} to={participantPagePath(row.id)} fw={600} size="sm" ff="monospace">
            {row.subjectNumber}
          </Anchor>
          {showsNames && (
            <Text size="xs" c="dimmed">
              {row.fullName ?? ''}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      sortKey: 'status',
      render: (row) => <StatusBadge options={participantStatusOptions} value={row.status} />,
    },
    ...(studySiteId
      ? []
      : [
          {
            key: 'site',
            header: 'Site',
            render: (row: Participant) => siteLabels?.get(row.studySiteId) ?? row.siteNumber,
          },
        ]),
    ...(studyId ? [] : [{ key: 'study', header: 'Study', render: (row: Participant) => studyLabels?.get(row.studyId) ?? '—' }]),
    { key: 'screenedOn', header: 'Screened', sortKey: 'screenedOn', render: (row) => formatDay(row.screenedOn) },
    { key: 'enrolledOn', header: 'Enrolled', render: (row) => formatDay(row.enrolledOn) },
    { key: 'randomizationNumber', header: 'Rand. no.', render: (row) => row.randomizationNumber ?? '—' },
    { key: 'nextVisit', header: 'Next visit', render: (row) => <NextVisit visit={row.nextVisit} /> },
  ];

  return (
    <>
      <ListToolbar>
        <SearchInput
          label="Search"
          placeholder={mayIdentify ? 'Subject number or name' : 'Subject number'}
          value={params.q}
          onChange={(value) => setFilter('q', value)}
        />
        <NativeSelect
          label="Status"
          data={selectData(participantStatusOptions, 'All statuses')}
          value={params.filters.status}
          onChange={(event) => setFilter('status', event.currentTarget.value)}
        />
        {!studySiteId && siteOptions && siteOptions.length > 0 && (
          <NativeSelect
            label="Site"
            data={[{ value: '', label: 'All sites' }, ...siteOptions]}
            value={params.filters.studySiteId}
            onChange={(event) => setFilter('studySiteId', event.currentTarget.value)}
          />
        )}
      </ListToolbar>
      {list.isError && <ProblemAlert error={list.error} />}
      <DataTable
        caption="Participants"
        columns={columns}
        {...pagedRows(list)}
        rowKey={(row) => row.id}
        sort={params.sort}
        order={params.order}
        onSort={setSort}
        emptyText="No participants match."
      />
    </>
  );
}

/** The next scheduled visit: its code and target day, with the window it must fall in. */
function NextVisit({ visit }: { visit: Participant['nextVisit'] }) {
  if (!visit) return <Text c="dimmed">—</Text>;
  return (
    <Stack gap={0}>
      <Text size="sm" title={visit.name}>
        {visit.code} · {formatDay(visit.targetDate)}
      </Text>
      {visit.windowStart && visit.windowEnd && visit.windowStart !== visit.windowEnd && (
        <Text size="xs" c="dimmed">
          window {formatDay(visit.windowStart)} – {formatDay(visit.windowEnd)}
        </Text>
      )}
    </Stack>
  );
}
