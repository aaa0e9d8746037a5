import { Badge, List, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { labelOf } from '../../lib/enum-labels';
import { type ProtocolVersion, visitAnchorOptions, visitKindOptions } from './protocol-api';
import classes from './schedule-grid.module.css';

/** When a visit is due, in the words of a schedule: "Day 14 from baseline (−2/+3)". */
export function visitTiming(visit: ProtocolVersion['visits'][number]): string {
  if (visit.anchor === null || visit.targetDay === null) return 'When needed';
  const window = visit.windowBeforeDays || visit.windowAfterDays ? ` (−${visit.windowBeforeDays}/+${visit.windowAfterDays})` : '';
  return `Day ${visit.targetDay} from ${labelOf(visitAnchorOptions, visit.anchor).toLowerCase()}${window}`;
}

/** A version as read: arms, the schedule of activities grid and the criteria. */
export function ProtocolVersionView({ version }: { version: ProtocolVersion }) {
  const procedures: { code: string; name: string; required: boolean }[] = [];
  for (const visit of version.visits)
    for (const procedure of visit.procedures) if (!procedures.some((p) => p.code === procedure.code)) procedures.push(procedure);
  const inclusion = version.criteria.filter((c) => c.kind === 'inclusion');
  const exclusion = version.criteria.filter((c) => c.kind === 'exclusion');
  return (
    <Stack gap="lg">
      {version.summaryOfChanges && <Text size="sm">{version.summaryOfChanges}</Text>}
      <Stack gap="xs" component="section" aria-label="Arms">
        <Title order={4}>Arms</Title>
        {version.arms.length === 0 ? (
          <Text size="sm" c="dimmed">
            No arm.
          </Text>
        ) : (
          <Table withTableBorder maw={720}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Ratio</Table.Th>
                <Table.Th>Blinded label</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {version.arms.map((arm) => (
                <Table.Tr key={arm.id}>
                  <Table.Td>{arm.code}</Table.Td>
                  <Table.Td>{arm.name}</Table.Td>
                  <Table.Td>{arm.allocationRatio}</Table.Td>
                  <Table.Td>{arm.blindedLabel ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Stack gap="xs" component="section" aria-label="Schedule of activities">
        <Title order={4}>Schedule of activities</Title>
        {version.visits.length === 0 ? (
          <Text size="sm" c="dimmed">
            No visit.
          </Text>
        ) : (
          <ScrollArea type="auto" offsetScrollbars>
            <Table withTableBorder withColumnBorders className={classes.grid} aria-label="Schedule of activities grid">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th className={classes.rowHead} scope="col">
                    Procedure
                  </Table.Th>
                  {version.visits.map((visit) => (
                    <Table.Th key={visit.id} className={classes.visitColumn} scope="col">
                      <Text size="sm" fw={600}>
                        {visit.code}
                      </Text>
                      <Text size="xs">{visit.name}</Text>
                      <Badge size="xs" variant="light" tt="none" radius="sm">
                        {labelOf(visitKindOptions, visit.kind)}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {visitTiming(visit)}
                      </Text>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {procedures.map((procedure) => (
                  <Table.Tr key={procedure.code}>
                    <Table.Th scope="row" className={classes.rowHead}>
                      <Text size="sm">{procedure.name}</Text>
                      <Text size="xs" c="dimmed">
                        {procedure.code}
                        {procedure.required ? '' : ' · optional'}
                      </Text>
                    </Table.Th>
                    {version.visits.map((visit) => {
                      const done = visit.procedures.some((p) => p.code === procedure.code);
                      return (
                        <Table.Td key={visit.id} className={classes.tick}>
                          {done ? <IconCheck size={16} aria-label={`${procedure.code} at ${visit.code}`} /> : ''}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }} component="section" aria-label="Eligibility criteria">
        {[
          { title: 'Inclusion criteria', items: inclusion },
          { title: 'Exclusion criteria', items: exclusion },
        ].map(({ title, items }) => (
          <Stack gap="xs" key={title}>
            <Title order={4}>{title}</Title>
            {items.length === 0 ? (
              <Text size="sm" c="dimmed">
                None.
              </Text>
            ) : (
              <List size="sm" spacing={4}>
                {items.map((criterion) => (
                  <List.Item key={criterion.id}>
                    <strong>{criterion.number}.</strong> {criterion.text}
                  </List.Item>
                ))}
              </List>
            )}
          </Stack>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
