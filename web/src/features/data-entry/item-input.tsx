import { Group, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { FormItem } from './data-entry-api';

const placeholders: Record<string, string> = {
  date: 'YYYY-MM-DD',
  partialDate: 'YYYY, YYYY-MM or YYYY-MM-DD',
  datetime: 'YYYY-MM-DDThh:mm',
  partialDatetime: 'YYYY-MM-DD, or part of it',
  time: 'hh:mm',
  partialTime: 'hh or hh:mm',
};

/** A choice list as radios while it is short enough to read at a glance, else a select. */
export const radioLimit = 6;

/** What the item takes, as the person entering reads it: "Number, up to 3 digits after the point". */
export function hintOf(item: FormItem): string {
  const parts: string[] = [];
  if (item.dataType === 'integer') parts.push('Whole number');
  else if (item.dataType === 'float' || item.dataType === 'double')
    parts.push(
      item.significantDigits !== null
        ? `Number, up to ${item.significantDigits} digit${item.significantDigits === 1 ? '' : 's'} after the point`
        : 'Number',
    );
  else if (placeholders[item.dataType]) parts.push(placeholders[item.dataType] as string);
  else if (item.length !== null && !item.codeList) parts.push(`Up to ${item.length} characters`);
  const symbols: Record<string, string> = { LT: '<', LE: '≤', GT: '>', GE: '≥', EQ: '=', NE: '≠', IN: 'one of', NOTIN: 'not one of' };
  for (const check of item.rangeChecks)
    if (check.comparator)
      parts.push(
        `${check.softHard === 'Hard' ? 'must be' : 'expected'} ${symbols[check.comparator] ?? check.comparator} ${check.checkValues.join(', ')}${check.unit ? ` ${check.unit}` : ''}`,
      );
  parts.push(item.oid);
  return parts.join(' · ');
}

interface ItemInputProps {
  item: FormItem;
  value: string;
  unit: string | null;
  error?: string | undefined;
  warnings?: string[] | undefined;
  readOnly: boolean;
  /** In a table row the column header is the label: the input keeps it for screen readers only. */
  compact?: boolean;
  rowLabel?: string;
  /** Under the item: its history, when it has one. */
  extra?: React.ReactNode;
  onChange: (value: string, unit: string | null) => void;
}

/** One item, by its ODM data type: text, numbers with their unit, dates (full or partial), times, code lists, yes/no. */
export function ItemInput({
  item,
  value,
  unit,
  error,
  warnings = [],
  readOnly,
  compact = false,
  rowLabel,
  extra,
  onChange,
}: ItemInputProps) {
  const question = item.question ?? item.name;
  const label = compact ? undefined : question;
  const ariaLabel = compact ? `${question}${rowLabel ? `, ${rowLabel}` : ''}` : undefined;
  const description = compact ? undefined : hintOf(item);
  const common = { label, description, error, required: item.mandatory, 'aria-label': ariaLabel };
  const unitSymbol = item.units.find((u) => u.oid === unit)?.symbol ?? item.units[0]?.symbol;

  let input: React.ReactNode;
  if (item.codeList || item.dataType === 'boolean') {
    const choices = item.codeList
      ? item.codeList.map((c) => ({ value: c.codedValue, label: c.decode ?? c.codedValue }))
      : [
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ];
    input =
      choices.length <= radioLimit && !compact ? (
        <Radio.Group {...common} value={value} onChange={(next) => onChange(next, unit)}>
          <Group mt={4} gap="md">
            {choices.map((c) => (
              <Radio key={c.value} value={c.value} label={c.label} disabled={readOnly} />
            ))}
          </Group>
        </Radio.Group>
      ) : (
        <Select
          {...common}
          data={choices}
          value={value || null}
          onChange={(next) => onChange(next ?? '', unit)}
          clearable
          readOnly={readOnly}
          comboboxProps={{ withinPortal: true }}
        />
      );
  } else {
    const numeric = ['integer', 'float', 'double'].includes(item.dataType);
    input = (
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <TextInput
          {...common}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value, unit)}
          placeholder={placeholders[item.dataType]}
          inputMode={numeric ? 'decimal' : undefined}
          readOnly={readOnly}
          maw={numeric || placeholders[item.dataType] ? 460 : undefined}
          style={{ flexGrow: numeric ? 0 : 1 }}
          rightSection={item.units.length === 1 ? <Text size="xs">{unitSymbol}</Text> : undefined}
          rightSectionWidth={item.units.length === 1 ? 64 : undefined}
        />
        {item.units.length > 1 && (
          <Select
            label={compact ? undefined : 'Unit'}
            aria-label={`Unit of ${question}`}
            data={item.units.map((u) => ({ value: u.oid, label: u.symbol }))}
            value={unit}
            onChange={(next) => onChange(value, next)}
            w={110}
            readOnly={readOnly}
            mt={compact ? 0 : undefined}
          />
        )}
      </Group>
    );
  }

  return (
    <Stack gap={2}>
      {input}
      {warnings.map((warning) => (
        <Text key={warning} size="xs" c="orange.8" role="status">
          <IconAlertTriangle size={12} aria-hidden style={{ verticalAlign: 'middle' }} /> {warning} (kept; a query will ask about it)
        </Text>
      ))}
      {extra}
      {item.note && !compact && (
        <Text size="xs" c="dimmed">
          {item.note}
        </Text>
      )}
    </Stack>
  );
}
