import { Badge, Button, Group, NativeSelect, Paper, Select, Text, TextInput } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { ListToolbar } from '../../components/list-toolbar';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { formatInstant } from '../../lib/dates';
import { useListParams } from '../../lib/use-list-params';
import { pagedRows } from '../../lib/use-paged-list';
import { useStudyOptions } from '../participants/scope-options';
import { type AuditEvent, type TrailFilters, trailExportUrl, useTrail, useTrailActors } from './audit-api';
import { actionColor, actionOptions, studyRecordTypeOptions } from './audit-labels';
import { ActorLabel, ChangeList } from './change-list';
import changeClasses from './change-list.module.css';

const filterNames = ['studyId', 'userId', 'entityType', 'action', 'from', 'to'] as const;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

const columns: Column<AuditEvent>[] = [
  {
    key: 'when',
    header: 'When (UTC)',
    width: 165,
    render: (event) => (
      <>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatInstant(event.occurredAt)}
        </Text>
      </>
    ),
  },
  { key: 'who', header: 'User', width: 150, render: (event) => <ActorLabel event={event} /> },
  {
    key: 'record',
    header: 'Record',
    width: 170,
    render: (event) => (
      <>
        <Text size="xs" c="dimmed">
          {event.entityTypeLabel}
        </Text>
        <Text size="sm">{event.entityLabel}</Text>
      </>
    ),
  },
  {
    key: 'action',
    header: 'Action',
    width: 110,
    render: (event) => (
      <Badge color={actionColor(event.action)} variant="light" tt="none" radius="sm" styles={{ label: { overflow: 'visible' } }}>
        {event.actionLabel}
      </Badge>
    ),
  },
  { key: 'changes', header: 'Changes', render: (event) => <ChangeList event={event} /> },
  { key: 'reason', header: 'Reason', width: 140, render: (event) => <Text size="sm">{event.reason ?? '—'}</Text> },
];

/**
 * A study's whole audit trail (21 CFR 11.10(e), ICH E6(R3)): every change to the study, its
 * study-sites, participants, visits, documents and signatures that the reader may see, filtered
 * by user, day, record type and action, newest first, and exported exactly as filtered.
 */
export function AuditTrailPage() {
  const { studyId: routeStudyId } = useParams();
  const { params, setFilter } = useListParams('seq', filterNames);
  const [, setSearchParams] = useSearchParams();
  const filters: TrailFilters = { ...params.filters, studyId: routeStudyId ?? params.filters.studyId };
  const studies = useStudyOptions();
  const actors = useTrailActors(filters.studyId);
  const trail = useTrail(filters);
  const studyLabel = studies.data?.find((option) => option.value === filters.studyId)?.label;

  return (
    <>
      <PageHeader
        title="Audit trail"
        subtitle="Who changed what, when and why, in every record of a study you may see. Append-only and hash-chained."
        trail={
          routeStudyId
            ? [
                { label: 'Studies', to: '/studies' },
                { label: studyLabel ?? 'Study', to: `/studies/${routeStudyId}` },
                { label: 'Audit trail' },
              ]
            : undefined
        }
        actions={
          filters.studyId && (
            <Group gap="xs">
              <Button
                component="a"
                href={trailExportUrl(filters, 'csv')}
                download
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
              >
                Export CSV
              </Button>
              <Button
                component="a"
                href={trailExportUrl(filters, 'json')}
                download
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
              >
                Export JSON
              </Button>
            </Group>
          )
        }
      />
      <Paper withBorder radius="md" p="md">
        <ListToolbar>
          {!routeStudyId && (
            <Select
              label="Study"
              placeholder="Choose a study"
              searchable
              data={studies.data ?? []}
              value={filters.studyId || null}
              onChange={(value) =>
                setSearchParams(
                  (current) => {
                    const next = new URLSearchParams(current);
                    if (value) next.set('studyId', value);
                    else next.delete('studyId');
                    next.delete('userId');
                    return next;
                  },
                  { replace: true },
                )
              }
              w={{ base: '100%', sm: 280 }}
            />
          )}
          <Select
            label="User"
            placeholder="Anyone"
            clearable
            searchable
            data={actors.data ?? []}
            value={filters.userId || null}
            onChange={(value) => setFilter('userId', value ?? '')}
            disabled={!filters.studyId}
            w={{ base: '100%', sm: 220 }}
          />
          <DayField label="From (UTC day)" value={filters.from} onChange={(value) => setFilter('from', value)} />
          <DayField label="To (UTC day)" value={filters.to} onChange={(value) => setFilter('to', value)} />
          <NativeSelect
            label="Record type"
            data={[{ value: '', label: 'All records' }, ...studyRecordTypeOptions]}
            value={filters.entityType}
            onChange={(event) => setFilter('entityType', event.currentTarget.value)}
          />
          <NativeSelect
            label="Action"
            data={[{ value: '', label: 'All actions' }, ...actionOptions]}
            value={filters.action}
            onChange={(event) => setFilter('action', event.currentTarget.value)}
          />
        </ListToolbar>
        {!filters.studyId && <Text c="dimmed">Choose a study to read its trail.</Text>}
        {trail.isError && <ProblemAlert error={trail.error} />}
        {filters.studyId && (
          <div className={changeClasses.topAligned}>
            <DataTable
              caption="Audit trail, newest first"
              columns={columns}
              {...pagedRows(trail)}
              rowKey={(event) => event.seq}
              emptyText="No recorded changes match these filters."
            />
          </div>
        )}
        <Text size="xs" c="dimmed" mt="sm">
          Days and times are UTC, as the server records them across sites. The exports hold every row these filters select, with the stored
          record ids and hashes.
        </Text>
      </Paper>
    </>
  );
}

/** A day typed as YYYY-MM-DD (unambiguous at every site): applied once it is a whole date, or cleared. */
function DayField({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  const invalid = text !== '' && !isoDay.test(text);
  return (
    <TextInput
      label={label}
      placeholder="YYYY-MM-DD"
      value={text}
      error={invalid ? 'Use YYYY-MM-DD' : undefined}
      onChange={(event) => {
        const next = event.currentTarget.value.trim();
        setText(next);
        if (next === '' || isoDay.test(next)) onChange(next);
      }}
      w={150}
    />
  );
}
