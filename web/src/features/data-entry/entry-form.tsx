import { ActionIcon, Badge, Button, Fieldset, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { WideScroll } from '../../components/wide-scroll';
import { type FormEntry, type FormGroup, valueKey } from './data-entry-api';
import { ItemInput } from './item-input';

/** What the person has in the form now, by `GROUP[row].ITEM`. */
export type EntryValues = Record<string, { value: string; unit: string | null }>;

interface EntryFormProps {
  entry: FormEntry;
  values: EntryValues;
  /** The rows of each repeating group, by group OID. */
  rows: Record<string, number[]>;
  errors: Record<string, string>;
  warnings: Record<string, string[]>;
  readOnly: boolean;
  onValue: (key: string, value: string, unit: string | null) => void;
  /** What to show under an item (its history), by key and the item's question. */
  history?: (key: string, label: string) => ReactNode;
  onAddRow: (groupOid: string) => void;
  onRemoveRow: (groupOid: string, repeatKey: number) => void;
}

function GroupLegend({ group }: { group: FormGroup }) {
  return (
    <Group gap="xs">
      <Text size="sm" fw={600}>
        {group.description && group.description !== group.name ? group.description : group.name}
      </Text>
      {group.repeating && (
        <Badge size="xs" variant="light" color="grape">
          One row per entry
        </Badge>
      )}
    </Group>
  );
}

/**
 * A form rendered from its CRF metadata: each item group in order, a repeating group as a table
 * with a row per entry (add and remove rows), each item by its data type. Hard errors and soft
 * check warnings show at the item they concern.
 */
export function EntryForm({ entry, values, rows, errors, warnings, readOnly, onValue, onAddRow, onRemoveRow, history }: EntryFormProps) {
  const input = (group: FormGroup, repeatKey: number, item: FormGroup['items'][number], row?: number) => {
    const key = valueKey(group.oid, repeatKey, item.oid);
    const current = values[key];
    return (
      <ItemInput
        item={item}
        value={current?.value ?? ''}
        unit={current?.unit ?? item.units[0]?.oid ?? null}
        error={errors[key]}
        warnings={warnings[key]}
        readOnly={readOnly}
        compact={row !== undefined}
        rowLabel={`row ${row}`}
        extra={history?.(key, `${item.question ?? item.name}${row !== undefined ? `, row ${row}` : ''}`)}
        onChange={(value, unit) => onValue(key, value, unit)}
      />
    );
  };
  return (
    <Stack gap="md" component="form" aria-label={entry.name} onSubmit={(event) => event.preventDefault()}>
      {entry.itemGroups.map((group) => (
        <Fieldset key={group.oid} legend={<GroupLegend group={group} />}>
          {group.note && (
            <Text size="xs" c="dimmed" mb="xs">
              {group.note}
            </Text>
          )}
          {group.repeating ? (
            <Stack gap="xs">
              <WideScroll label={`${group.name} rows`} minWidth={group.items.length * 160}>
                <Table withTableBorder verticalSpacing={4} aria-label={group.name}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={40}>#</Table.Th>
                      {group.items.map((item) => (
                        <Table.Th key={item.oid} miw={140}>
                          {item.question ?? item.name}
                          {item.mandatory && (
                            <Text span c="red">
                              {' '}
                              *
                            </Text>
                          )}
                        </Table.Th>
                      ))}
                      {!readOnly && <Table.Th w={40} />}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {(rows[group.oid] ?? []).map((repeatKey, index) => (
                      <Table.Tr key={repeatKey}>
                        <Table.Td>{index + 1}</Table.Td>
                        {group.items.map((item) => (
                          <Table.Td key={item.oid}>{input(group, repeatKey, item, index + 1)}</Table.Td>
                        ))}
                        {!readOnly && (
                          <Table.Td>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={`Remove row ${index + 1} of ${group.name}`}
                              onClick={() => onRemoveRow(group.oid, repeatKey)}
                            >
                              <IconTrash size={16} aria-hidden />
                            </ActionIcon>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </WideScroll>
              {(rows[group.oid] ?? []).length === 0 && (
                <Text size="sm" c="dimmed">
                  No rows yet.
                </Text>
              )}
              {!readOnly && (
                <Group>
                  <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onAddRow(group.oid)}>
                    Add a row to {group.name}
                  </Button>
                </Group>
              )}
            </Stack>
          ) : (
            <Stack gap="sm">
              {group.items.map((item) => (
                <div key={item.oid}>{input(group, 1, item)}</div>
              ))}
            </Stack>
          )}
        </Fieldset>
      ))}
    </Stack>
  );
}
