import { Alert, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconRubberStamp } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DateField, ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatDay, siteToday } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import {
  invalidateProtocols,
  recordIcfApproval,
  recordProtocolApproval,
  useIcfApprovals,
  useIcfVersions,
  useProtocolApprovals,
  useProtocolVersions,
} from './protocol-api';

type Recording = 'protocol' | 'icf' | null;

/**
 * The IRB/IEC approvals at one study-site: from its approval date a protocol version's schedule
 * and a consent form are in force here. Recorded by the study team or whoever manages the study-site.
 */
/** `timeZone` is the study-site's: an approval recorded today is dated the site's today. */
export function SiteApprovalsPanel({ studyId, studySiteId, timeZone }: { studyId: string; studySiteId: string; timeZone: string }) {
  const protocolApprovals = useProtocolApprovals(studyId, studySiteId);
  const icfApprovals = useIcfApprovals(studyId, studySiteId);
  const canWriteProtocol = useCan('protocol.write');
  const canUpdateStudySite = useCan('studySite.update');
  const mayRecord = canWriteProtocol || canUpdateStudySite;
  const [recording, setRecording] = useState<Recording>(null);
  return (
    <SectionCard
      title="IRB/IEC approvals"
      actions={
        mayRecord && (
          <>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconRubberStamp size={14} aria-hidden />}
              onClick={() => setRecording('protocol')}
            >
              Record protocol approval
            </Button>
            <Button size="xs" variant="default" leftSection={<IconRubberStamp size={14} aria-hidden />} onClick={() => setRecording('icf')}>
              Record consent form approval
            </Button>
          </>
        )
      }
    >
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Stack gap="xs" aria-label="Protocol approvals" component="section">
          <Text fw={600} size="sm">
            Protocol versions
          </Text>
          {protocolApprovals.isError && <ProblemAlert error={protocolApprovals.error} />}
          {protocolApprovals.isSuccess && protocolApprovals.data.length === 0 && (
            <Alert color="yellow" variant="light">
              No protocol version is approved here yet: participants have no schedule until one is.
            </Alert>
          )}
          {protocolApprovals.isSuccess && protocolApprovals.data.length > 0 && (
            <Table aria-label="Protocol approvals">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Approved on</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {protocolApprovals.data.map((approval) => (
                  <Table.Tr key={approval.id}>
                    <Table.Td>{approval.versionLabel}</Table.Td>
                    <Table.Td>{formatDay(approval.approvedOn)}</Table.Td>
                    <Table.Td>{approval.reason ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
        <Stack gap="xs" aria-label="Consent form approvals" component="section">
          <Text fw={600} size="sm">
            Consent forms
          </Text>
          {icfApprovals.isError && <ProblemAlert error={icfApprovals.error} />}
          {icfApprovals.isSuccess && icfApprovals.data.length === 0 && (
            <Alert color="yellow" variant="light">
              No consent form is approved here yet: nobody can consent at this site until one is.
            </Alert>
          )}
          {icfApprovals.isSuccess && icfApprovals.data.length > 0 && (
            <Table aria-label="Consent form approvals">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Language</Table.Th>
                  <Table.Th>Approved on</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {icfApprovals.data.map((approval) => (
                  <Table.Tr key={approval.id}>
                    <Table.Td>{approval.versionLabel}</Table.Td>
                    <Table.Td>{approval.language}</Table.Td>
                    <Table.Td>{formatDay(approval.approvedOn)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </SimpleGrid>
      <Modal
        opened={recording !== null}
        onClose={() => setRecording(null)}
        title={<Text fw={600}>{recording === 'icf' ? 'Record a consent form approval' : 'Record a protocol approval'}</Text>}
        size="lg"
      >
        {recording && (
          <ApprovalForm
            studyId={studyId}
            studySiteId={studySiteId}
            timeZone={timeZone}
            kind={recording}
            onClose={() => setRecording(null)}
          />
        )}
      </Modal>
    </SectionCard>
  );
}

interface ApprovalValues extends Record<string, unknown> {
  /** One of the two, named as the API names it so its field errors land under the select. */
  protocolVersionId: string;
  icfVersionId: string;
  approvedOn: string;
  reason: string;
}

function ApprovalForm({
  studyId,
  studySiteId,
  timeZone,
  kind,
  onClose,
}: {
  studyId: string;
  studySiteId: string;
  timeZone: string;
  kind: 'protocol' | 'icf';
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const protocols = useProtocolVersions(studyId);
  const icfs = useIcfVersions(studyId);
  // Only a final protocol version may be approved; a draft can still change.
  const options =
    kind === 'protocol'
      ? (protocols.data ?? []).filter((p) => p.status === 'final').map((p) => ({ value: p.id, label: `Version ${p.versionLabel}` }))
      : (icfs.data ?? []).map((icf) => ({ value: icf.id, label: `${icf.versionLabel} (${icf.language})` }));
  const form = useForm<ApprovalValues>({
    initialValues: { protocolVersionId: '', icfVersionId: '', approvedOn: siteToday(timeZone), reason: '' },
    validate: {
      protocolVersionId: (value) => (kind === 'protocol' && !value ? 'Choose a version.' : null),
      icfVersionId: (value) => (kind === 'icf' && !value ? 'Choose a version.' : null),
      approvedOn: (value) => (value ? null : 'Give the date of the approval.'),
    },
  });
  const submit = useFormMutation(
    form,
    (values): Promise<{ versionLabel: string; approvedOn: string }> => {
      const common = { approvedOn: values.approvedOn, reason: values.reason.trim() || null };
      return kind === 'protocol'
        ? recordProtocolApproval(studyId, studySiteId, { protocolVersionId: values.protocolVersionId, ...common })
        : recordIcfApproval(studyId, studySiteId, { icfVersionId: values.icfVersionId, ...common });
    },
    (saved) => {
      invalidateProtocols(queryClient);
      queryClient.invalidateQueries({ queryKey: ['participants'] });
      queryClient.invalidateQueries({ queryKey: ['visits'] });
      notifications.show({
        color: 'green',
        title: 'Approval recorded',
        message: `${saved.versionLabel} is approved here from ${formatDay(saved.approvedOn)}.`,
      });
      onClose();
    },
  );
  const loading = kind === 'protocol' ? protocols.isPending : icfs.isPending;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        {!loading && options.length === 0 && (
          <Alert color="yellow" variant="light">
            {kind === 'protocol'
              ? 'The study has no final protocol version yet: finalize one on the Protocol tab first.'
              : 'The study has no consent form version yet: add one on the Protocol tab first.'}
          </Alert>
        )}
        <NativeSelect
          label={kind === 'protocol' ? 'Protocol version' : 'Consent form version'}
          required
          data={[{ value: '', label: 'Choose…' }, ...options]}
          {...form.getInputProps(kind === 'protocol' ? 'protocolVersionId' : 'icfVersionId')}
        />
        <DateField
          label="Approved on"
          description="The date of the IRB/IEC approval; the version is in force here from that day"
          required
          {...form.getInputProps('approvedOn')}
        />
        <ReasonField {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Record approval
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
