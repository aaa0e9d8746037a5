import { ActionIcon, Button, Group, Modal, NativeSelect, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatInstant } from '../../lib/dates';
import { selectData } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { ArtifactSelect } from './artifact-select';
import { addDocumentRule, documentKeys, removeDocumentRule, useDocumentRules } from './document-api';
import { type DocumentRule, type RuleTarget, ruleTargetOptions } from './document-types';

/** What every site of the study must file (ICH E6(R3) Appendix C), the basis of completeness. */
export function DocumentRulesPanel({ studyId }: { studyId: string }) {
  const rules = useDocumentRules(studyId);
  const canWrite = useCan('documentRule.write');
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<DocumentRule | null>(null);
  const items = [...(rules.data?.items ?? [])].sort((a, b) => a.artifactNumber.localeCompare(b.artifactNumber));
  return (
    <SectionCard
      title="Expected documents"
      framed={false}
      actions={
        canWrite && (
          <Button size="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            Add expected document
          </Button>
        )
      }
    >
      <Text size="sm" c="dimmed" mb="sm">
        Each rule asks every site of this study for one artifact: once for the site, for its principal investigator, or for each
        sub-investigator. The site file's completeness is measured against these rules.
      </Text>
      {rules.isError && <ProblemAlert error={rules.error} />}
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" aria-label="Expected documents">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={110}>
                Artifact #
              </Table.Th>
              <Table.Th scope="col">Artifact</Table.Th>
              <Table.Th scope="col">Applies to</Table.Th>
              <Table.Th scope="col">Added</Table.Th>
              {canWrite && (
                <Table.Th scope="col" w={80}>
                  Remove
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((rule) => (
              <Table.Tr key={rule.id}>
                <Table.Td>{rule.artifactNumber}</Table.Td>
                <Table.Td>{rule.artifactName}</Table.Td>
                <Table.Td>
                  <StatusBadge options={ruleTargetOptions} value={rule.appliesTo} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatInstant(rule.createdAt)}</Text>
                </Table.Td>
                {canWrite && (
                  <Table.Td>
                    <Tooltip label="Remove this rule">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${rule.artifactNumber} ${rule.artifactName}`}
                        onClick={() => setRemoving(rule)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rules.isSuccess && items.length === 0 && (
        <Text c="dimmed" ta="center" py="lg">
          No expected documents yet: every site file counts as complete.
        </Text>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title={<Text fw={600}>Add an expected document</Text>} size="lg">
        {adding && <AddRuleForm studyId={studyId} onClose={() => setAdding(false)} />}
      </Modal>
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={<Text fw={600}>Remove an expected document</Text>}>
        {removing && <RemoveRuleForm studyId={studyId} rule={removing} onClose={() => setRemoving(null)} />}
      </Modal>
    </SectionCard>
  );
}

interface RuleValues extends Record<string, unknown> {
  artifactNumber: string;
  appliesTo: RuleTarget;
  reason: string;
}

function AddRuleForm({ studyId, onClose }: { studyId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<RuleValues>({
    initialValues: { artifactNumber: '', appliesTo: 'site', reason: '' },
    validate: { artifactNumber: (value) => (value ? null : 'Choose an artifact.') },
  });
  const submit = useFormMutation(
    form,
    (values) =>
      addDocumentRule(studyId, {
        artifactNumber: values.artifactNumber,
        appliesTo: values.appliesTo,
        reason: values.reason.trim() || null,
      }),
    (rule) => {
      queryClient.invalidateQueries({ queryKey: documentKeys.all });
      notifications.show({ color: 'green', title: 'Expected document added', message: `${rule.artifactNumber} ${rule.artifactName}` });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <ArtifactSelect
          siteLevelOnly
          required
          description="Only artifacts the TMF Reference Model files at site level"
          value={form.getValues().artifactNumber || null}
          onChange={(value) => form.setFieldValue('artifactNumber', value ?? '')}
          error={form.errors.artifactNumber}
        />
        <NativeSelect label="Applies to" data={selectData(ruleTargetOptions)} {...form.getInputProps('appliesTo')} />
        <ReasonField {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Add
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RemoveRuleForm({ studyId, rule, onClose }: { studyId: string; rule: DocumentRule; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const remove = useMutation({
    mutationFn: () => removeDocumentRule(studyId, rule.id, reason.trim() || undefined),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: documentKeys.all });
      notifications.show({ color: 'green', title: 'Rule removed', message: `${rule.artifactNumber} is no longer expected.` });
      onClose();
    },
  });
  return (
    <Stack>
      <ProblemAlert error={remove.error} />
      <Text size="sm">
        Sites will no longer be asked for{' '}
        <strong>
          {rule.artifactNumber} {rule.artifactName}
        </strong>
        . Documents already filed stay in the site files.
      </Text>
      <ReasonField value={reason} onChange={(event) => setReason(event.currentTarget.value)} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
          Remove
        </Button>
      </Group>
    </Stack>
  );
}
