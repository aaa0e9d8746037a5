import { Badge, Checkbox, Fieldset, Group, NumberInput, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { type CrfForm, type CrfItem, type CrfMetadata, describeRangeCheck } from './crf-api';

const datePlaceholders: Record<string, string> = {
  date: 'YYYY-MM-DD',
  partialDate: 'YYYY, YYYY-MM or YYYY-MM-DD',
  datetime: 'YYYY-MM-DD hh:mm',
  partialDatetime: 'YYYY-MM-DD hh:mm, or part of it',
  time: 'hh:mm',
  partialTime: 'hh or hh:mm',
};

/** What the item takes, as a study manager reads it: "integer, 3 digits", "float, 5.1". */
function typeOf(item: CrfItem): string {
  const size =
    item.length === null ? '' : item.significantDigits === null ? `, length ${item.length}` : `, ${item.length}.${item.significantDigits}`;
  return `${item.dataType}${size}`;
}

/** A choice list as radios while it is short enough to read at a glance, else a select. */
const radioLimit = 6;

function ItemField({ item }: { item: CrfItem }) {
  const label = item.question ?? item.name;
  const unit = item.units.map((u) => u.symbol).join(' / ');
  const description = (
    <>
      {typeOf(item)}
      {unit && ` · ${unit}`} · {item.oid}
      {item.rangeChecks.map((check) => (
        <span key={`${check.comparator}${check.checkValues.join()}`}>
          {' · '}Range {describeRangeCheck(check)}
        </span>
      ))}
    </>
  );
  const common = { label, description, required: item.mandatory, readOnly: true };
  if (item.codeList) {
    const choices = item.codeList.items.map((c) => ({ value: c.codedValue, label: c.decode ?? c.codedValue }));
    if (choices.length <= radioLimit) {
      return (
        <Radio.Group {...common}>
          <Group mt={4} gap="md">
            {choices.map((c) => (
              <Radio key={c.value} value={c.value} label={c.label} disabled />
            ))}
          </Group>
        </Radio.Group>
      );
    }
    return <Select {...common} data={choices} placeholder={`${choices.length} choices`} />;
  }
  if (item.dataType === 'boolean') return <Checkbox label={label} description={description} disabled />;
  if (['integer', 'float', 'double'].includes(item.dataType)) {
    return (
      <NumberInput
        {...common}
        allowDecimal={item.dataType !== 'integer'}
        decimalScale={item.significantDigits ?? undefined}
        rightSection={unit ? <Text size="xs">{unit}</Text> : undefined}
        rightSectionWidth={unit ? 60 : undefined}
      />
    );
  }
  return <TextInput {...common} placeholder={datePlaceholders[item.dataType]} />;
}

/**
 * A form as data entry will show it, read-only: each item group in order, each item with its
 * question (in the language chosen), its type and unit, its choices and its range checks.
 * Items or groups shown only under a condition say so; conditions are not evaluated here.
 */
export function FormPreview({ form, conditions = [] }: { form: CrfForm; conditions?: CrfMetadata['conditions'] }) {
  // REDCap's branching logic says when an item is shown; ODM's conditions say when it is skipped.
  const when = (oid: string) => {
    const condition = conditions.find((c) => c.oid === oid);
    if (condition?.context === 'REDCap') return `Shown only when ${condition.expression}`;
    return `Skipped when ${oid}${condition?.expression ? `: ${condition.expression}` : ''}`;
  };
  const calculated = (oid: string) => conditions.find((c) => c.oid === oid)?.expression ?? oid;
  return (
    <Stack gap="md" aria-label={`Preview of ${form.name}`} component="section" maw={820}>
      <Group gap="xs">
        <Title order={4} size="h5">
          {form.name}
        </Title>
        <Text size="xs" c="dimmed">
          {form.oid}
        </Text>
        {form.repeating && <Badge variant="light">Repeating form</Badge>}
      </Group>
      {form.description && form.description !== form.name && (
        <Text size="sm" c="dimmed">
          {form.description}
        </Text>
      )}
      {form.itemGroups.map((group) => (
        <Fieldset
          key={group.oid}
          legend={
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {group.name}
              </Text>
              {group.repeating && (
                <Badge size="xs" variant="light" color="grape">
                  Repeating: one row per entry
                </Badge>
              )}
              {group.collectionExceptionConditionOid && (
                <Badge size="xs" variant="outline" color="gray">
                  {when(group.collectionExceptionConditionOid)}
                </Badge>
              )}
            </Group>
          }
        >
          <Stack gap="sm">
            {group.items.length === 0 && (
              <Text size="sm" c="dimmed">
                No items.
              </Text>
            )}
            {group.items.map((item) => (
              <div key={item.oid}>
                <ItemField item={item} />
                {item.identifying && (
                  <Badge size="xs" variant="light" color="red">
                    Identifying: hidden from sponsor and CRO
                  </Badge>
                )}
                {item.collectionExceptionConditionOid && (
                  <Text size="xs" c="dimmed">
                    {when(item.collectionExceptionConditionOid)}
                  </Text>
                )}
                {item.methodOid && (
                  <Text size="xs" c="dimmed">
                    Calculated: {calculated(item.methodOid)}
                  </Text>
                )}
              </div>
            ))}
          </Stack>
        </Fieldset>
      ))}
    </Stack>
  );
}
