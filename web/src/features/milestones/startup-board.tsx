import { Anchor, Group, NativeSelect, Stack, Table, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ProblemAlert } from '../../components/problem-alert';
import { StatusBadge } from '../../components/status-badge';
import { WideScroll } from '../../components/wide-scroll';
import { AsOf, formatDay } from '../../lib/dates';
import { labelOf } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { useCompleteness } from '../documents/document-api';
import { studySiteStatusOptions } from '../study-sites/study-site-types';
import { type BoardCell, milestoneStatusOptions, type StartupBoardData, useCycleTimes, useStartupBoard } from './milestone-api';
import { MilestoneDateModal, type MilestoneTarget } from './milestone-date-modal';

const cellColors: Record<BoardCell['status'], { bg: string; fg: string }> = {
  done: { bg: 'var(--mantine-color-green-0)', fg: 'var(--mantine-color-green-9)' },
  late: { bg: 'var(--mantine-color-red-1)', fg: 'var(--mantine-color-red-9)' },
  blocked: { bg: 'var(--mantine-color-gray-2)', fg: 'var(--mantine-color-gray-7)' },
  open: { bg: 'transparent', fg: 'var(--mantine-color-gray-8)' },
};

// Done on paper while the site file says otherwise: neither green nor red, so the eye stops on it.
const conflictColors = { bg: 'var(--mantine-color-orange-1)', fg: 'var(--mantine-color-orange-9)' };

// The site column stays in view while the milestones scroll sideways.
const stickySite = { position: 'sticky', left: 0, zIndex: 1, background: 'var(--mantine-color-body)' } as const;

/** Sites × milestones: where every site stands in start-up, late cells in red, and when each is projected to activate. */
export function StartupBoard({ studyId }: { studyId: string }) {
  const board = useStartupBoard(studyId);
  const completeness = useCompleteness(studyId);
  const canWrite = useCan('milestone.write');
  const [editing, setEditing] = useState<MilestoneTarget | null>(null);
  if (board.isPending) return <Text c="dimmed">Loading the start-up board…</Text>;
  if (board.isError) return <ProblemAlert error={board.error} />;
  const data = board.data;
  if (data.milestones.length === 0) {
    return <Text c="dimmed">This study has no start-up milestones yet. Add them under Settings → Start-up milestones.</Text>;
  }
  return (
    <Stack>
      <Group gap="lg">
        <Text size="sm">
          <AsOf readAt={board.dataUpdatedAt} />, each site on its own day ·{' '}
          <strong style={{ color: data.lateCount ? 'var(--mantine-color-red-8)' : undefined }}>{data.lateCount} late</strong> milestone
          {data.lateCount === 1 ? '' : 's'}
        </Text>
        <Group gap="xs">
          {milestoneStatusOptions.map((option) => (
            <Group key={option.value} gap={4}>
              <span
                aria-hidden
                style={{
                  width: 12,
                  height: 12,
                  borderRadius: 2,
                  background: cellColors[option.value].bg,
                  border: '1px solid var(--mantine-color-gray-4)',
                }}
              />
              <Text size="xs">{option.label}</Text>
            </Group>
          ))}
          <Group gap={4}>
            <span
              aria-hidden
              style={{
                width: 12,
                height: 12,
                borderRadius: 2,
                background: conflictColors.bg,
                border: '1px solid var(--mantine-color-gray-4)',
              }}
            />
            <Text size="xs">Done, but the site file is incomplete</Text>
          </Group>
        </Group>
        {canWrite && (
          <Text size="xs" c="dimmed">
            Click a cell to set its planned or actual date.
          </Text>
        )}
      </Group>
      <BoardTable
        data={data}
        studyId={studyId}
        siteFilePercent={
          new Map((completeness.data?.sites ?? []).filter((site) => site.expected > 0).map((site) => [site.studySiteId, site.percent]))
        }
        onEdit={canWrite ? setEditing : undefined}
      />
      <CycleTimesTable studyId={studyId} />
      <MilestoneDateModal studyId={studyId} target={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}

// The milestone a site file's completeness speaks for: done while documents are missing is a conflict to show.
const essentialDocumentsCode = 'essential_documents_complete';

interface BoardTableProps {
  data: StartupBoardData;
  studyId: string;
  /** Site-file completeness by study-site, where the study expects documents. */
  siteFilePercent: Map<string, number>;
  onEdit?: (target: MilestoneTarget) => void;
}

function BoardTable({ data, studyId, siteFilePercent, onEdit }: BoardTableProps) {
  return (
    <WideScroll label="Start-up board, scrolls sideways" minWidth={330 + data.milestones.length * 110}>
      <Table withColumnBorders verticalSpacing={6} aria-label="Start-up board" style={{ fontSize: 'var(--mantine-font-size-xs)' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" miw={200} style={stickySite}>
              Site
            </Table.Th>
            <Table.Th scope="col" miw={120}>
              Projected activation
            </Table.Th>
            {data.milestones.map((milestone) => (
              <Table.Th scope="col" key={milestone.id} miw={100} style={{ verticalAlign: 'bottom' }}>
                <Text size="xs" fw={700}>
                  {milestone.name}
                  {milestone.requiredForActivation && (
                    <Tooltip label="Required for activation">
                      <span> *</span>
                    </Tooltip>
                  )}
                </Text>
                {milestone.lateCount > 0 && (
                  <Text size="xs" c="red.8">
                    {milestone.lateCount} late
                  </Text>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.rows.map((row) => (
            <Table.Tr key={row.studySiteId}>
              <Table.Th scope="row" style={{ ...stickySite, fontWeight: 400 }}>
                <Anchor component={Link} to={`/studies/${studyId}/sites/${row.studySiteId}`} size="sm" fw={600}>
                  {row.siteNumber} · {row.siteName}
                </Anchor>
                <Group gap={6} mt={2}>
                  <StatusBadge options={studySiteStatusOptions} value={row.status} />
                  {row.lateCount > 0 && (
                    <Text size="xs" c="red.8" fw={600}>
                      {row.lateCount} late
                    </Text>
                  )}
                </Group>
              </Table.Th>
              <Table.Td>
                {row.activationDate ? (
                  <Text size="xs" fw={700}>
                    {formatDay(row.activationDate)}
                  </Text>
                ) : row.status === 'closed' ? (
                  <Text size="xs" c="dimmed">
                    Closed before activation: nothing projected
                  </Text>
                ) : (
                  <>
                    {row.projectedActivationDate && <Text size="xs">Projected {formatDay(row.projectedActivationDate)}</Text>}
                    {row.openRequiredForActivation.length > 0 && (
                      <Text size="xs" c="dimmed">
                        {row.openRequiredForActivation.length} required open
                      </Text>
                    )}
                  </>
                )}
              </Table.Td>
              {row.cells.map((cell) => {
                const milestone = data.milestones.find((m) => m.id === cell.milestoneId);
                const percent = siteFilePercent.get(row.studySiteId);
                const conflict = cell.code === essentialDocumentsCode && cell.status === 'done' && percent !== undefined && percent < 100;
                const colors = conflict ? conflictColors : cellColors[cell.status];
                const closed = row.status === 'closed';
                const label = `${row.siteNumber} ${milestone?.name ?? cell.code}: ${labelOf(milestoneStatusOptions, cell.status)}${conflict ? `, but the site file is ${percent}% complete` : ''}`;
                const content = (
                  <>
                    <Text size="xs" fw={cell.actualDate ? 700 : 400} c="inherit">
                      {cell.actualDate ? formatDay(cell.actualDate) : cell.plannedDate ? `Plan ${formatDay(cell.plannedDate)}` : '—'}
                    </Text>
                    {!cell.actualDate && !closed && cell.projectedDate && (
                      <Text size="xs" c="dimmed">
                        Proj. {formatDay(cell.projectedDate)}
                      </Text>
                    )}
                    {conflict && (
                      <Text size="xs" fw={600} data-conflict>
                        Site file {percent}% complete
                      </Text>
                    )}
                  </>
                );
                return (
                  <Table.Td
                    key={cell.milestoneId}
                    p={0}
                    style={{ background: colors.bg, color: colors.fg }}
                    data-status={cell.status}
                    data-conflict={conflict || undefined}
                  >
                    {onEdit ? (
                      <UnstyledButton
                        w="100%"
                        h="100%"
                        p={6}
                        aria-label={`${label}. Set dates`}
                        onClick={() =>
                          onEdit({
                            studySiteId: row.studySiteId,
                            milestoneId: cell.milestoneId,
                            siteLabel: `site ${row.siteNumber} · ${row.siteName}`,
                          })
                        }
                      >
                        {content}
                      </UnstyledButton>
                    ) : (
                      <div style={{ padding: 6 }} title={label}>
                        {content}
                      </div>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </WideScroll>
  );
}

function CycleTimesTable({ studyId }: { studyId: string }) {
  const [groupBy, setGroupBy] = useState<'study' | 'country' | 'site'>('country');
  const times = useCycleTimes(studyId, groupBy);
  return (
    <Stack gap="xs" mt="md">
      <Group justify="space-between" align="flex-end">
        <Title order={3} size="h5">
          Start-up cycle times
        </Title>
        <NativeSelect
          label="Group by"
          size="xs"
          data={[
            { value: 'study', label: 'Study' },
            { value: 'country', label: 'Country' },
            { value: 'site', label: 'Site' },
          ]}
          value={groupBy}
          onChange={(event) => setGroupBy(event.currentTarget.value as typeof groupBy)}
        />
      </Group>
      {times.isError && <ProblemAlert error={times.error} />}
      {times.data && (
        <>
          <Text size="xs" c="dimmed">
            {times.data.description}
          </Text>
          {times.data.groups.length === 0 ? (
            <Text size="sm" c="dimmed">
              No activated site yet.
            </Text>
          ) : (
            <Table verticalSpacing={4} aria-label="Start-up cycle times">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{groupBy === 'study' ? 'Study' : groupBy === 'country' ? 'Country' : 'Site'}</Table.Th>
                  <Table.Th scope="col">Sites</Table.Th>
                  <Table.Th scope="col">Median days</Table.Th>
                  <Table.Th scope="col">Mean days</Table.Th>
                  <Table.Th scope="col">Range</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {times.data.groups.map((group) => (
                  <Table.Tr key={group.key}>
                    <Table.Td>{group.label}</Table.Td>
                    <Table.Td>{group.count}</Table.Td>
                    <Table.Td>{Math.round(group.medianDays)}</Table.Td>
                    <Table.Td>{Math.round(group.meanDays)}</Table.Td>
                    <Table.Td>
                      {group.minDays}–{group.maxDays}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}
