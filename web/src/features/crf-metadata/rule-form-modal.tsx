import {
  ActionIcon,
  Button,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLanguage, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../app/api-client';
import { HistoryPanel } from '../../components/history-panel';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import {
  type CrfItemRef,
  createEditCheck,
  type EditCheck,
  formatSampleValues,
  parseSampleValues,
  translateRedcap,
  updateEditCheck,
} from './edit-checks-api';

interface RuleFormModalProps {
  studyId: string;
  versionId: string;
  /** null: a new rule. */
  rule: EditCheck | null;
  crfItems: CrfItemRef[];
  onClose: () => void;
  onSaved: (rule: EditCheck) => void;
}

type TestCaseRow = { name: string; values: string; expected: 'fires' | 'passes' };

/** Adds or edits a rule: expression (or one translated from REDCap logic), severity, message, items, and its test cases. */
export function RuleFormModal({ studyId, versionId, rule, crfItems, onClose, onSaved }: RuleFormModalProps) {
  const form = useForm({
    initialValues: {
      oid: rule?.oid ?? '',
      name: rule?.name ?? '',
      expression: rule?.expression ?? '',
      severity: (rule?.severity ?? 'soft') as 'hard' | 'soft',
      message: rule?.message ?? '',
      itemOids: rule?.itemOids ?? [],
      testCases: (rule?.testCases ?? []).map((c) => ({
        name: c.name,
        values: formatSampleValues(c.values),
        expected: c.expected,
      })) as TestCaseRow[],
    },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      const body = {
        name: values.name,
        expression: values.expression,
        severity: values.severity,
        message: values.message,
        itemOids: values.itemOids,
        testCases: values.testCases.map((c) => ({ name: c.name, values: parseSampleValues(c.values), expected: c.expected })),
      };
      return rule ? updateEditCheck(studyId, versionId, rule, body) : createEditCheck(studyId, versionId, { ...body, oid: values.oid });
    },
    onSaved,
  );
  const testCaseProblems =
    submit.error instanceof ApiError ? (submit.error.problem.errors ?? []).filter((e) => e.pointer.startsWith('/testCases/')) : [];
  const itemOptions = crfItems.map((i) => ({ value: i.oid, label: `${i.oid}${i.name === i.oid ? '' : ` · ${i.name}`} (${i.dataType})` }));
  return (
    <Modal opened onClose={onClose} title={rule ? `Edit rule ${rule.oid}` : 'Add an edit check rule'} size="xl">
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={submit.error} shownPointers={[...submit.shownPointers, ...testCaseProblems.map((e) => e.pointer)]} />
          <Group grow align="flex-start">
            <TextInput
              label="OID"
              required
              disabled={rule !== null}
              description="Unique in this eCRF, e.g. EC.BP"
              {...form.getInputProps('oid')}
            />
            <TextInput label="Name" required {...form.getInputProps('name')} />
          </Group>
          <Textarea
            label="Expression (CEL)"
            description='Fires when true. Items as item.Age or item["I.6"]; has(item.X) tests for a value; date("2026-01-01"), daysBetween(a, b).'
            required
            autosize
            minRows={2}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps('expression')}
          />
          <RedcapTranslator
            studyId={studyId}
            versionId={versionId}
            onTranslated={(expression) => form.setFieldValue('expression', expression)}
          />
          <Group grow align="flex-start">
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Severity
              </Text>
              <SegmentedControl
                aria-label="Severity"
                data={[
                  { value: 'soft', label: 'Soft: query' },
                  { value: 'hard', label: 'Hard: refuse' },
                ]}
                {...form.getInputProps('severity')}
              />
            </Stack>
            <MultiSelect label="Items a query is opened on" required searchable data={itemOptions} {...form.getInputProps('itemOids')} />
          </Group>
          <TextInput label="Message to the site" required {...form.getInputProps('message')} />
          <TestCasesTable
            form={form}
            problems={testCaseProblems.map(
              (e) => `${e.pointer.replace(/^\/testCases\/(\d+)/, (_, i) => `Case ${Number(i) + 1}`)}: ${e.detail}`,
            )}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={submit.isPending}>
              {rule ? 'Save rule' : 'Add rule'}
            </Button>
          </Group>
        </Stack>
      </form>
      {rule && (
        <Stack mt="md">
          <HistoryPanel entityType="edit_check_rule" entityId={rule.id} title={`History of ${rule.oid}`} framed={false} />
        </Stack>
      )}
    </Modal>
  );
}

type RuleForm = ReturnType<
  typeof useForm<{
    oid: string;
    name: string;
    expression: string;
    severity: 'hard' | 'soft';
    message: string;
    itemOids: string[];
    testCases: TestCaseRow[];
  }>
>;

function TestCasesTable({ form, problems }: { form: RuleForm; problems: string[] }) {
  const rows = form.getValues().testCases;
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          Test cases
        </Text>
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconPlus size={12} aria-hidden />}
          onClick={() => form.insertListItem('testCases', { name: '', values: '', expected: 'fires' })}
        >
          Add test case
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Sample values as OID=value, separated by semicolons (Age=12; Pregnant=true); leave a value empty for a missing one.
      </Text>
      {rows.length > 0 && (
        <Table aria-label="Test cases" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="25%">Name</Table.Th>
              <Table.Th>Values</Table.Th>
              <Table.Th w={150}>Expected</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((_, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own; removal re-renders the list.
              <Table.Tr key={index}>
                <Table.Td>
                  <TextInput size="xs" aria-label={`Name of test case ${index + 1}`} {...form.getInputProps(`testCases.${index}.name`)} />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`Values of test case ${index + 1}`}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                    {...form.getInputProps(`testCases.${index}.values`)}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Expected result of test case ${index + 1}`}
                    data={[
                      { value: 'fires', label: 'Fires' },
                      { value: 'passes', label: 'Does not fire' },
                    ]}
                    allowDeselect={false}
                    {...form.getInputProps(`testCases.${index}.expected`)}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove test case ${index + 1}`}
                    onClick={() => form.removeListItem('testCases', index)}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {problems.map((p) => (
        <Text key={p} size="xs" c="red">
          {p}
        </Text>
      ))}
    </Stack>
  );
}

/** REDCap branching logic in, CEL out: the server translates it with this eCRF's item types. */
function RedcapTranslator({
  studyId,
  versionId,
  onTranslated,
}: {
  studyId: string;
  versionId: string;
  onTranslated: (expression: string) => void;
}) {
  const [logic, setLogic] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const translate = async () => {
    setPending(true);
    setError(null);
    try {
      onTranslated((await translateRedcap(studyId, versionId, logic)).expression);
      setLogic('');
    } catch (caught) {
      setError(
        caught instanceof ApiError ? (caught.problem.errors?.[0]?.detail ?? caught.problem.detail ?? 'Not translated.') : 'Not translated.',
      );
    } finally {
      setPending(false);
    }
  };
  return (
    <Group align="flex-end" gap="xs">
      <TextInput
        label="Or translate REDCap logic"
        placeholder="[sex] = '0' and [age] > 18"
        value={logic}
        onChange={(e) => setLogic(e.currentTarget.value)}
        error={error}
        style={{ flex: 1 }}
        size="xs"
      />
      <Button
        size="xs"
        variant="light"
        leftSection={<IconLanguage size={14} aria-hidden />}
        onClick={translate}
        disabled={!logic.trim()}
        loading={pending}
      >
        Translate
      </Button>
    </Group>
  );
}
