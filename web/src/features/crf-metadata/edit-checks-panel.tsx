import { Badge, Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlayerPlay, IconPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { WideScroll } from '../../components/wide-scroll';
import {
  type EditCheck,
  type RuleTestRun,
  runEditCheckTests,
  updateEditCheck,
  useEditChecks,
  useInvalidateEditChecks,
} from './edit-checks-api';
import { RuleFormModal } from './rule-form-modal';

interface EditChecksPanelProps {
  studyId: string;
  versionId: string;
  /** protocol.write on a draft version: a final version's rules are frozen with its forms. */
  editable: boolean;
}

/** The cross-item rules of the eCRF: list, add and edit (draft only), and run each rule's own test cases. */
export function EditChecksPanel({ studyId, versionId, editable }: EditChecksPanelProps) {
  const checks = useEditChecks(studyId, versionId);
  const invalidate = useInvalidateEditChecks(versionId);
  const [editing, setEditing] = useState<EditCheck | 'new' | null>(null);
  const [runs, setRuns] = useState<Record<string, RuleTestRun>>({});
  const run = useMutation({
    mutationFn: (ruleId: string) => runEditCheckTests(studyId, versionId, ruleId),
    onSuccess: (result) => setRuns((r) => ({ ...r, [result.ruleId]: result })),
  });
  const toggle = useMutation({
    mutationFn: (rule: EditCheck) => updateEditCheck(studyId, versionId, rule, { active: !rule.active }),
    onSuccess: invalidate,
  });
  const rules = checks.data?.items ?? [];
  return (
    <Stack gap="xs" component="section" aria-label="Edit checks">
      <Group justify="space-between">
        <Title order={5}>Edit checks</Title>
        {editable && (
          <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setEditing('new')}>
            Add rule
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        Range checks come from the ODM file. Rules here are CEL expressions over <Code>item.OID</Code>: a rule fires when its expression is
        true; hard refuses the value at save, soft saves it and opens a query. A rule that reads an item without a value does not fire
        unless it asks with <Code>has(item.OID)</Code>.
      </Text>
      {checks.isError && <ProblemAlert error={checks.error} />}
      {run.isError && <ProblemAlert error={run.error} />}
      {toggle.isError && <ProblemAlert error={toggle.error} />}
      {checks.data && rules.length === 0 && (
        <Text size="sm" c="dimmed">
          No rules yet.
        </Text>
      )}
      {rules.length > 0 && (
        <WideScroll label="Edit check rules" minWidth={900}>
          <Table aria-label="Edit check rules" fz="sm" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Expression</Table.Th>
                <Table.Th>Severity</Table.Th>
                <Table.Th>Items</Table.Th>
                <Table.Th>Tests</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rules.map((rule) => (
                <Fragment key={rule.id}>
                  <Table.Tr c={rule.active ? undefined : 'dimmed'}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {rule.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {rule.oid}
                        {!rule.active && ' · inactive'}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={360}>
                      <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{rule.expression}</Code>
                      <Text size="xs" mt={2}>
                        {rule.message}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={rule.severity === 'hard' ? 'red' : 'orange'} variant="light">
                        {rule.severity === 'hard' ? 'Hard' : 'Soft'}
                      </Badge>
                      <Text size="xs" c="dimmed">
                        {rule.severity === 'hard' ? 'refuses the value' : 'opens a query'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{rule.itemOids.join(', ')}</Table.Td>
                    <Table.Td>{rule.testCases.length}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <Button
                          size="compact-xs"
                          variant="light"
                          leftSection={<IconPlayerPlay size={12} aria-hidden />}
                          onClick={() => run.mutate(rule.id)}
                          loading={run.isPending && run.variables === rule.id}
                          disabled={rule.testCases.length === 0}
                          aria-label={`Run the tests of ${rule.oid}`}
                        >
                          Run tests
                        </Button>
                        {editable && (
                          <>
                            <Button size="compact-xs" variant="subtle" onClick={() => setEditing(rule)} aria-label={`Edit ${rule.oid}`}>
                              Edit
                            </Button>
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color={rule.active ? 'gray' : 'blue'}
                              onClick={() => toggle.mutate(rule)}
                              aria-label={`${rule.active ? 'Deactivate' : 'Reactivate'} ${rule.oid}`}
                            >
                              {rule.active ? 'Deactivate' : 'Reactivate'}
                            </Button>
                          </>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {runs[rule.id] && (
                    <Table.Tr>
                      <Table.Td colSpan={6} bg="var(--mantine-color-gray-0)">
                        <TestResults run={runs[rule.id] as RuleTestRun} oid={rule.oid} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </WideScroll>
      )}
      {editing !== null && checks.data && (
        <RuleFormModal
          studyId={studyId}
          versionId={versionId}
          rule={editing === 'new' ? null : editing}
          crfItems={checks.data.crfItems}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setRuns(({ [saved.id]: _stale, ...rest }) => rest);
            invalidate();
          }}
        />
      )}
    </Stack>
  );
}

const outcome: Record<RuleTestRun['results'][number]['actual'], string> = {
  fires: 'Fired',
  passes: 'Did not fire',
  skipped: 'Not evaluated (missing value)',
  error: 'Error',
};

function TestResults({ run, oid }: { run: RuleTestRun; oid: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} role="status">
        {oid}: {run.passed} passed, {run.failed} failed
      </Text>
      <Table aria-label={`Test results of ${oid}`} fz="xs" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Test case</Table.Th>
            <Table.Th>Expected</Table.Th>
            <Table.Th>Rule</Table.Th>
            <Table.Th>Result</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {run.results.map((r, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: results come in the rule's case order and are never reordered; names may repeat.
            <Table.Tr key={index}>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td>{r.expected === 'fires' ? 'Fires' : 'Does not fire'}</Table.Td>
              <Table.Td>
                {outcome[r.actual]}
                {r.detail && (
                  <Text size="xs" c="dimmed">
                    {r.detail}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge color={r.passed ? 'green' : 'red'} variant="filled" size="sm">
                  {r.passed ? 'Pass' : 'Fail'}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
