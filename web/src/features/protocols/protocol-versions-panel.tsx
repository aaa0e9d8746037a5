import { Alert, Button, Divider, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconGitBranch, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { HistoryPanel } from '../../components/history-panel';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { formatInstant } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { CrfSection } from '../crf-metadata/crf-section';
import { NewProtocolVersionModal } from './new-protocol-version-modal';
import { type ProtocolVersionSummary, protocolStatusOptions, useProtocolVersion, useProtocolVersions } from './protocol-api';
import { ProtocolDraftEditor } from './protocol-draft-editor';
import { ProtocolVersionView } from './protocol-version-view';

/** The study's protocol versions, newest first; the one chosen opens below (the draft in its editor). */
export function ProtocolVersionsPanel({ studyId }: { studyId: string }) {
  const versions = useProtocolVersions(studyId);
  // Already loaded by the study page: names the study in the history instead of its id.
  const canWrite = useCan('protocol.write');
  const [chosen, setChosen] = useState<string | null>(null);
  const [creating, createModal] = useDisclosure();
  const [amending, setAmending] = useState<ProtocolVersionSummary | null>(null);
  const items = versions.data ?? [];
  const draft = items.find((v) => v.status === 'draft');
  const newestFinal = items.find((v) => v.status === 'final');
  const selectedId = chosen ?? draft?.id ?? items[0]?.id ?? null;
  return (
    <SectionCard
      title="Protocol versions"
      framed={false}
      actions={
        canWrite &&
        !draft &&
        (newestFinal ? (
          <Button size="xs" leftSection={<IconGitBranch size={14} aria-hidden />} onClick={() => setAmending(newestFinal)}>
            Amend version {newestFinal.versionLabel}
          </Button>
        ) : (
          <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={createModal.open}>
            New protocol version
          </Button>
        ))
      }
    >
      <Stack>
        {versions.isError && <ProblemAlert error={versions.error} />}
        {versions.isSuccess && items.length === 0 && (
          <Alert color="gray" variant="light">
            No protocol version yet. Start the first draft: its arms, schedule of activities and eligibility criteria; finalize it, then
            record its IRB/IEC approval at each site.
          </Alert>
        )}
        {items.length > 0 && (
          <Table highlightOnHover aria-label="Protocol versions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Arms</Table.Th>
                <Table.Th>Visits</Table.Th>
                <Table.Th>Criteria</Table.Th>
                <Table.Th>Finalized</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Open</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((version) => (
                <Table.Tr key={version.id} bg={version.id === selectedId ? 'var(--mantine-color-blue-light)' : undefined}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {version.versionLabel}
                    </Text>
                    <Text size="xs" c="dimmed">
                      No. {version.versionNumber}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge options={protocolStatusOptions} value={version.status} />
                  </Table.Td>
                  <Table.Td>{version.armCount}</Table.Td>
                  <Table.Td>{version.visitCount}</Table.Td>
                  <Table.Td>{version.criterionCount}</Table.Td>
                  <Table.Td>{version.finalizedAt ? formatInstant(version.finalizedAt) : '—'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      disabled={version.id === selectedId}
                      onClick={() => setChosen(version.id)}
                      aria-label={`Open version ${version.versionLabel}`}
                    >
                      {version.id === selectedId ? 'Shown below' : 'Open'}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {selectedId && <SelectedVersion id={selectedId} canWrite={canWrite} />}
      </Stack>
      <NewProtocolVersionModal studyId={studyId} opened={creating} onClose={createModal.close} onCreated={setChosen} />
      <NewProtocolVersionModal
        studyId={studyId}
        amends={amending}
        opened={amending !== null}
        onClose={() => setAmending(null)}
        onCreated={setChosen}
      />
    </SectionCard>
  );
}

function SelectedVersion({ id, canWrite }: { id: string; canWrite: boolean }) {
  const version = useProtocolVersion(id);
  if (version.isPending) return <Text c="dimmed">Loading the protocol version…</Text>;
  if (version.isError) return <ProblemAlert error={version.error} />;
  const record = version.data.record;
  const editable = canWrite && record.status === 'draft';
  return (
    <Stack gap="md">
      <Divider />
      <Group gap="sm">
        <Title order={3} size="h4">
          Version {record.versionLabel}
        </Title>
        <StatusBadge options={protocolStatusOptions} value={record.status} />
      </Group>
      {editable ? (
        // Keyed by version, so another version's draft never inherits this one's unsaved edits.
        <ProtocolDraftEditor key={`${record.id}`} current={version.data} />
      ) : (
        <ProtocolVersionView version={record} />
      )}
      <CrfSection studyId={record.studyId} versionId={record.id} editable={editable} />
      <HistoryPanel entityType="protocol_version" entityId={record.id} title={`History of version ${record.versionLabel}`} framed={false} />
    </Stack>
  );
}
