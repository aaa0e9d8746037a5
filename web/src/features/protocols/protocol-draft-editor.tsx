import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  ScrollArea,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Versioned } from '../../app/api-client';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { selectData } from '../../lib/enum-labels';
import {
  criterionKindOptions,
  finalizeProtocolVersion,
  invalidateProtocols,
  type ProtocolVersion,
  updateProtocolVersion,
  visitAnchorOptions,
  visitKindOptions,
} from './protocol-api';
import {
  applyDraftProblem,
  type DraftValues,
  draftValidation,
  emptyArm,
  emptyProcedure,
  emptyVisit,
  toDraftValues,
  toUpdateBody,
} from './protocol-draft-form';
import classes from './schedule-grid.module.css';

/**
 * A draft protocol version: arms, the schedule of activities (visits as columns, procedures as
 * rows) and eligibility criteria, saved whole (each section replaces the stored one), then
 * finalized. The API checks the timeline; its errors land under the cell they are about.
 */
export function ProtocolDraftEditor({ current }: { current: Versioned<ProtocolVersion> }) {
  const queryClient = useQueryClient();
  const version = current.record;
  const form = useDraftForm(version);
  const [shownPointers, setShownPointers] = useState<string[]>([]);
  // The version saved last: finalizing right after a save must not wait for the list to reload.
  const [etag, setEtag] = useState(current.etag);
  const onError = (error: unknown) => setShownPointers(applyDraftProblem(error, form.getValues(), form.setFieldError));
  const save = useMutation({
    mutationFn: (values: DraftValues) => updateProtocolVersion(version.id, etag, toUpdateBody(values)),
    onSuccess: (saved) => {
      setEtag(`"${saved.version}"`);
      form.setValues({ ...toDraftValues(saved), reason: '' });
      form.resetDirty();
      invalidateProtocols(queryClient);
      notifications.show({ color: 'green', title: 'Draft saved', message: `Protocol version ${saved.versionLabel} is saved.` });
    },
    onError,
  });
  const finalize = useMutation({
    mutationFn: () => finalizeProtocolVersion(version.id, etag, form.getValues().reason.trim() || null),
    onSuccess: (saved) => {
      invalidateProtocols(queryClient);
      notifications.show({
        color: 'green',
        title: 'Protocol version final',
        message: `Version ${saved.versionLabel} is frozen: sites may now record its IRB/IEC approval.`,
      });
    },
    onError,
  });
  const error = save.error ?? finalize.error;
  const dirty = form.isDirty();
  const submit = form.onSubmit((values) => {
    setShownPointers([]);
    finalize.reset();
    save.mutate(values);
  });

  return (
    <form onSubmit={submit} noValidate aria-label={`Draft ${version.versionLabel}`}>
      <Stack gap="lg">
        <ProblemAlert error={error} shownPointers={shownPointers} onReload={() => invalidateProtocols(queryClient)} />
        <Group align="flex-start" grow preventGrowOverflow={false}>
          <TextInput label="Version label" required maw={280} {...form.getInputProps('versionLabel')} />
          <Textarea label="Summary of changes" autosize minRows={1} {...form.getInputProps('summaryOfChanges')} />
        </Group>
        <ArmsSection form={form} />
        <ScheduleSection form={form} />
        <CriteriaSection form={form} />
        <ReasonField {...form.getInputProps('reason')} />
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {dirty ? 'Unsaved changes: save the draft before finalizing it.' : 'Saved. Finalizing freezes this version for good.'}
          </Text>
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save draft
            </Button>
            <Button
              variant="light"
              color="green"
              disabled={dirty}
              loading={finalize.isPending}
              onClick={() => {
                setShownPointers([]);
                save.reset();
                finalize.mutate();
              }}
            >
              Finalize version
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

const useDraftForm = (version: ProtocolVersion) =>
  useForm<DraftValues>({ initialValues: toDraftValues(version), validate: draftValidation });
type DraftForm = ReturnType<typeof useDraftForm>;

function SectionError({ form, path }: { form: DraftForm; path: string }) {
  const message = form.errors[path];
  return message ? (
    <Text size="sm" c="red" role="alert">
      {message}
    </Text>
  ) : null;
}

function ArmsSection({ form }: { form: DraftForm }) {
  const arms = form.getValues().arms;
  return (
    <Stack gap="xs" component="section" aria-label="Arms">
      <Title order={4}>Arms</Title>
      <SectionError form={form} path="arms" />
      {arms.length === 0 && (
        <Text size="sm" c="dimmed">
          No arm yet: a protocol needs at least one before it is final.
        </Text>
      )}
      {arms.map((_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
        <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput label="Code" aria-label={`Arm ${index + 1} code`} w={120} {...form.getInputProps(`arms.${index}.code`)} />
          <TextInput label="Name" aria-label={`Arm ${index + 1} name`} style={{ flex: 1 }} {...form.getInputProps(`arms.${index}.name`)} />
          <NumberInput
            label="Ratio"
            aria-label={`Arm ${index + 1} ratio`}
            min={1}
            max={100}
            allowDecimal={false}
            w={90}
            {...form.getInputProps(`arms.${index}.allocationRatio`)}
          />
          <TextInput
            label="Blinded label"
            aria-label={`Arm ${index + 1} blinded label`}
            placeholder="Treatment A"
            w={180}
            {...form.getInputProps(`arms.${index}.blindedLabel`)}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            mt={28}
            aria-label={`Remove arm ${index + 1}`}
            onClick={() => form.removeListItem('arms', index)}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Button
        size="xs"
        variant="subtle"
        w="fit-content"
        leftSection={<IconPlus size={14} />}
        onClick={() => form.insertListItem('arms', emptyArm())}
      >
        Add arm
      </Button>
    </Stack>
  );
}

function ScheduleSection({ form }: { form: DraftForm }) {
  const { visits, procedures } = form.getValues();
  const removeVisit = (index: number) => {
    const key = visits[index]?.key;
    form.setFieldValue(
      'procedures',
      procedures.map((procedure) => ({ ...procedure, visitKeys: procedure.visitKeys.filter((k) => k !== key) })),
    );
    form.removeListItem('visits', index);
  };
  const toggle = (row: number, visitKey: string, on: boolean) => {
    const current = procedures[row]?.visitKeys ?? [];
    form.setFieldValue(`procedures.${row}.visitKeys`, on ? [...current, visitKey] : current.filter((k) => k !== visitKey));
  };
  const visitCell = (index: number, label: string, field: string, input: 'text' | 'number' | 'kind' | 'anchor') => {
    const props = form.getInputProps(`visits.${index}.${field}`);
    const aria = `Visit ${index + 1} ${label}`;
    const unscheduled = visits[index]?.kind === 'unscheduled';
    if (input === 'kind') return <NativeSelect size="xs" aria-label={aria} data={selectData(visitKindOptions)} {...props} />;
    if (input === 'anchor')
      return (
        <NativeSelect
          size="xs"
          aria-label={aria}
          disabled={unscheduled}
          data={[{ value: '', label: unscheduled ? '—' : 'Choose…' }, ...selectData(visitAnchorOptions)]}
          {...props}
        />
      );
    if (input === 'number')
      return <NumberInput size="xs" aria-label={aria} allowDecimal={false} disabled={unscheduled} hideControls {...props} />;
    return <TextInput size="xs" aria-label={aria} {...props} />;
  };
  const visitRows: { label: string; field: string; input: 'text' | 'number' | 'kind' | 'anchor'; hint?: string }[] = [
    { label: 'code', field: 'code', input: 'text' },
    { label: 'name', field: 'name', input: 'text' },
    { label: 'kind', field: 'kind', input: 'kind' },
    { label: 'anchor', field: 'anchor', input: 'anchor', hint: 'Day 0 is the day of' },
    { label: 'day', field: 'targetDay', input: 'number', hint: 'Days from the anchor' },
    { label: 'window before', field: 'windowBeforeDays', input: 'number', hint: 'Days early allowed' },
    { label: 'window after', field: 'windowAfterDays', input: 'number', hint: 'Days late allowed' },
  ];
  const rowHeads: Record<string, string> = {
    code: 'Code',
    name: 'Name',
    kind: 'Kind',
    anchor: 'Anchor',
    targetDay: 'Day',
    windowBeforeDays: 'Window −',
    windowAfterDays: 'Window +',
  };
  return (
    <Stack gap="xs" component="section" aria-label="Schedule of activities">
      <Group justify="space-between">
        <Title order={4}>Schedule of activities</Title>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlus size={14} />}
            onClick={() => form.insertListItem('visits', emptyVisit())}
          >
            Add visit
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlus size={14} />}
            onClick={() => form.insertListItem('procedures', emptyProcedure())}
          >
            Add procedure
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        Visits are columns, in the order they happen; procedures are rows, ticked under each visit that does them.
      </Text>
      <SectionError form={form} path="visits" />
      <SectionError form={form} path="procedures" />
      {visits.length === 0 ? (
        <Alert color="gray" variant="light">
          No visit yet. Add the visits of the protocol's schedule, then the procedures done at them.
        </Alert>
      ) : (
        <ScrollArea type="auto" offsetScrollbars>
          <Table withTableBorder withColumnBorders className={classes.grid} aria-label="Schedule of activities grid">
            <Table.Thead>
              <Table.Tr>
                <Table.Th className={classes.rowHead} scope="col">
                  Visit
                </Table.Th>
                {visits.map((visit, index) => (
                  <Table.Th key={visit.key} className={classes.visitColumn} scope="col">
                    <Group gap={4} justify="space-between" wrap="nowrap">
                      <Text size="sm" fw={600} truncate>
                        {visit.code || `Visit ${index + 1}`}
                      </Text>
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        color="red"
                        aria-label={`Remove visit ${index + 1}`}
                        onClick={() => removeVisit(index)}
                      >
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Group>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {visitRows.map((row) => (
                <Table.Tr key={row.field}>
                  <Table.Th scope="row" className={classes.rowHead}>
                    <Text size="sm" fw={500}>
                      {rowHeads[row.field]}
                    </Text>
                    {row.hint && (
                      <Text size="xs" c="dimmed">
                        {row.hint}
                      </Text>
                    )}
                  </Table.Th>
                  {visits.map((visit, index) => (
                    <Table.Td key={visit.key}>{visitCell(index, row.label, row.field, row.input)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th scope="row" className={classes.rowHead} colSpan={visits.length + 1}>
                  <Text size="sm" fw={600}>
                    Procedures
                  </Text>
                </Table.Th>
              </Table.Tr>
              {procedures.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={visits.length + 1}>
                    <Text size="sm" c="dimmed">
                      No procedure yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {procedures.map((procedure, row) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
                <Table.Tr key={row}>
                  <Table.Th scope="row" className={classes.rowHead}>
                    <Group gap={4} wrap="nowrap" align="flex-start">
                      <Stack gap={4} style={{ flex: 1 }}>
                        <TextInput
                          size="xs"
                          placeholder="Code"
                          aria-label={`Procedure ${row + 1} code`}
                          {...form.getInputProps(`procedures.${row}.code`)}
                        />
                        <TextInput
                          size="xs"
                          placeholder="Name"
                          aria-label={`Procedure ${row + 1} name`}
                          {...form.getInputProps(`procedures.${row}.name`)}
                        />
                        <Checkbox
                          size="xs"
                          label="Required"
                          aria-label={`Procedure ${row + 1} required`}
                          {...form.getInputProps(`procedures.${row}.required`, { type: 'checkbox' })}
                        />
                      </Stack>
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        color="red"
                        aria-label={`Remove procedure ${row + 1}`}
                        onClick={() => form.removeListItem('procedures', row)}
                      >
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Group>
                  </Table.Th>
                  {visits.map((visit, index) => (
                    <Table.Td key={visit.key} className={classes.tick}>
                      <Checkbox
                        aria-label={`${procedure.code || `Procedure ${row + 1}`} at ${visit.code || `visit ${index + 1}`}`}
                        checked={procedure.visitKeys.includes(visit.key)}
                        onChange={(event) => toggle(row, visit.key, event.currentTarget.checked)}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Stack>
  );
}

function CriteriaSection({ form }: { form: DraftForm }) {
  const criteria = form.getValues().criteria;
  const nextNumber = (kind: 'inclusion' | 'exclusion') =>
    Math.max(0, ...criteria.filter((c) => c.kind === kind).map((c) => Number(c.number) || 0)) + 1;
  return (
    <Stack gap="xs" component="section" aria-label="Eligibility criteria">
      <Title order={4}>Eligibility criteria</Title>
      <SectionError form={form} path="criteria" />
      {criteria.length === 0 && (
        <Text size="sm" c="dimmed">
          No criterion yet: a protocol needs at least one inclusion criterion before it is final.
        </Text>
      )}
      {criteria.map((_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
        <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
          <NativeSelect
            aria-label={`Criterion ${index + 1} kind`}
            data={selectData(criterionKindOptions)}
            w={130}
            {...form.getInputProps(`criteria.${index}.kind`)}
          />
          <NumberInput
            aria-label={`Criterion ${index + 1} number`}
            min={1}
            max={1000}
            allowDecimal={false}
            hideControls
            w={70}
            {...form.getInputProps(`criteria.${index}.number`)}
          />
          <Textarea
            aria-label={`Criterion ${index + 1} text`}
            autosize
            minRows={1}
            style={{ flex: 1 }}
            {...form.getInputProps(`criteria.${index}.text`)}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            mt={6}
            aria-label={`Remove criterion ${index + 1}`}
            onClick={() => form.removeListItem('criteria', index)}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group gap="xs">
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem('criteria', { kind: 'inclusion', number: nextNumber('inclusion'), text: '' })}
        >
          Add inclusion criterion
        </Button>
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem('criteria', { kind: 'exclusion', number: nextNumber('exclusion'), text: '' })}
        >
          Add exclusion criterion
        </Button>
      </Group>
    </Stack>
  );
}
