import { Alert, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatInstant } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { createIcfVersion, invalidateProtocols, useIcfVersions, useProtocolVersions } from './protocol-api';

/** BCP 47 as the API accepts it: a 2-3 letter language, then optional subtags (en-US, es-MX, de). */
const languagePattern = /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/i;

/** The study's consent form versions; each is approved at each site (the site page records it). */
export function IcfVersionsPanel({ studyId }: { studyId: string }) {
  const icfs = useIcfVersions(studyId);
  const protocols = useProtocolVersions(studyId);
  const canWrite = useCan('protocol.write');
  const [adding, addModal] = useDisclosure();
  const labelOfProtocol = (id: string | null) => protocols.data?.find((p) => p.id === id)?.versionLabel ?? '—';
  return (
    <SectionCard
      title="Consent form versions"
      framed={false}
      actions={
        canWrite && (
          <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={addModal.open}>
            New consent form version
          </Button>
        )
      }
    >
      {icfs.isError && <ProblemAlert error={icfs.error} />}
      {icfs.isSuccess && icfs.data.length === 0 && (
        <Alert color="gray" variant="light">
          No consent form yet. Nobody can consent until a consent form version in their language is approved at their site.
        </Alert>
      )}
      {icfs.isSuccess && icfs.data.length > 0 && (
        <Table aria-label="Consent form versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Language</Table.Th>
              <Table.Th>Protocol version</Table.Th>
              <Table.Th>Added</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {icfs.data.map((icf) => (
              <Table.Tr key={icf.id}>
                <Table.Td>{icf.versionLabel}</Table.Td>
                <Table.Td>{icf.language}</Table.Td>
                <Table.Td>{labelOfProtocol(icf.protocolVersionId)}</Table.Td>
                <Table.Td>{formatInstant(icf.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={adding} onClose={addModal.close} title={<Text fw={600}>New consent form version</Text>} size="lg">
        {adding && <IcfForm studyId={studyId} onClose={addModal.close} />}
      </Modal>
    </SectionCard>
  );
}

interface IcfValues extends Record<string, unknown> {
  versionLabel: string;
  language: string;
  protocolVersionId: string;
  reason: string;
}

function IcfForm({ studyId, onClose }: { studyId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const protocols = useProtocolVersions(studyId);
  const form = useForm<IcfValues>({
    initialValues: { versionLabel: '', language: 'en-US', protocolVersionId: protocols.data?.[0]?.id ?? '', reason: '' },
    validate: {
      versionLabel: (value) => (value.trim() ? (value.trim().length > 100 ? 'At most 100 characters.' : null) : 'Required.'),
      language: (value) => (languagePattern.test(value.trim()) ? null : 'Must be a BCP 47 language tag such as en-US or es-MX.'),
    },
  });
  const submit = useFormMutation(
    form,
    (values) =>
      createIcfVersion(studyId, {
        versionLabel: values.versionLabel.trim(),
        language: values.language.trim(),
        protocolVersionId: values.protocolVersionId || null,
        reason: values.reason.trim() || null,
      }),
    (created) => {
      invalidateProtocols(queryClient);
      notifications.show({
        color: 'green',
        title: 'Consent form version added',
        message: `${created.versionLabel} (${created.language}): record its IRB/IEC approval at each site.`,
      });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <TextInput
          label="Version label"
          description='As printed on the form, e.g. "3.0 dated 2026-03-01"'
          required
          maxLength={100}
          {...form.getInputProps('versionLabel')}
        />
        <TextInput label="Language" description="A BCP 47 tag: en-US, es-MX, de-DE" required w={200} {...form.getInputProps('language')} />
        <NativeSelect
          label="Protocol version"
          description="The protocol version this form goes with"
          data={[
            { value: '', label: 'None' },
            ...(protocols.data ?? []).map((p) => ({ value: p.id, label: `${p.versionLabel} (${p.status})` })),
          ]}
          {...form.getInputProps('protocolVersionId')}
        />
        <ReasonField {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Add consent form version
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
