import { Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconSignature } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answer, api } from '../../app/api-client';
import type { ListItem } from '../../app/api-types';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { useFormMutation } from '../../components/use-form-mutation';
import { formatDay, formatInstant, fromSiteLocal, SiteTime, toSiteLocal, zoneName } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { taskAuthority, useDelegationLogOn } from '../delegation/delegation-api';
import { useSiteStaff } from '../people/person-api';
import { isCurrentRole } from '../people/person-types';
import { invalidateParticipant, recordConsent } from './participant-api';
import { endedStatuses, type ParticipantPage } from './participant-types';

type IcfApproval = ListItem<'/api/studies/{id}/sites/{studySiteId}/icf-approvals'>;

function useIcfApprovals(studyId: string, studySiteId: string) {
  return useQuery({
    queryKey: ['protocols', 'icf-approvals', studySiteId],
    queryFn: ({ signal }) =>
      answer(api.GET('/api/studies/{id}/sites/{studySiteId}/icf-approvals', { params: { path: { id: studyId, studySiteId } }, signal })),
    select: (data) => data.items,
  });
}

/** The version in force on a day: the latest approved at the site on or before it, in the participant's language. */
function icfInForce(approvals: IcfApproval[], language: string, day: string): IcfApproval | undefined {
  return approvals
    .filter((approval) => approval.language === language && approval.approvedOn <= day)
    .sort((a, b) => b.approvedOn.localeCompare(a.approvedOn))[0];
}

/** Informed consent (ICH E6(R3) 2.8): every consent given, the open re-consent tasks, and recording a new one. */
export function ConsentSection({ page, etag }: { page: ParticipantPage; etag: string }) {
  const { participant } = page;
  const canWrite = useCan('participant.write');
  const [recording, setRecording] = useState(false);
  const openTasks = page.reconsentTasks.filter((task) => task.status === 'open');
  // A consent is recorded once, then again only for a re-consent task (a new ICF version approved at the site).
  const mayRecord = canWrite && !endedStatuses.includes(participant.status) && (page.consents.length === 0 || openTasks.length > 0);
  return (
    <SectionCard
      title="Informed consent"
      actions={
        mayRecord && (
          <Button size="xs" leftSection={<IconSignature size={14} aria-hidden />} onClick={() => setRecording(true)}>
            {page.consents.length === 0 ? 'Record consent' : 'Record re-consent'}
          </Button>
        )
      }
    >
      <Stack gap="sm">
        {openTasks.map((task) => (
          <Group key={task.id} gap="xs" p="xs" bg="orange.0" style={{ borderRadius: 6 }}>
            <Badge color="orange" variant="filled" radius="sm" tt="none">
              Re-consent needed
            </Badge>
            <Text size="sm">
              Consent form {task.icfVersionLabel} approved; re-consent due from {formatDay(task.dueFrom)}. Visits on or after that day
              without it are deviations.
            </Text>
          </Group>
        ))}
        {page.consents.length === 0 ? (
          <Text c="dimmed" size="sm">
            No consent recorded yet. Nothing study-specific may be done before consent.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" aria-label="Consents">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Kind</Table.Th>
                  <Table.Th scope="col">Form version</Table.Th>
                  <Table.Th scope="col">Consented</Table.Th>
                  <Table.Th scope="col">Obtained by</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.consents.map((consent) => (
                  <Table.Tr key={consent.id}>
                    <Table.Td>{consent.kind === 'initial' ? 'Initial' : 'Re-consent'}</Table.Td>
                    <Table.Td>
                      {consent.icfVersionLabel}{' '}
                      <Text span size="xs" c="dimmed">
                        {consent.language}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDay(consent.consentedOn)}</Text>
                      <Text size="xs" c="dimmed">
                        <SiteTime instant={consent.consentedAt} zone={page.studySite.timeZone} />
                      </Text>
                    </Table.Td>
                    <Table.Td>{consent.obtainedByName}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {page.reconsentTasks.some((task) => task.status !== 'open') && (
          <Text size="xs" c="dimmed">
            Closed re-consent tasks:{' '}
            {page.reconsentTasks
              .filter((task) => task.status !== 'open')
              .map(
                (task) =>
                  `${task.icfVersionLabel} (${task.status}${task.closedAt ? `, ${formatInstant(task.closedAt, page.studySite.timeZone)}` : ''})`,
              )
              .join('; ')}
          </Text>
        )}
      </Stack>
      <Modal opened={recording} onClose={() => setRecording(false)} title={<Text fw={600}>Record consent</Text>} size="lg">
        {recording && <ConsentForm page={page} etag={etag} onClose={() => setRecording(false)} />}
      </Modal>
    </SectionCard>
  );
}

interface ConsentValues extends Record<string, unknown> {
  icfVersionId: string;
  consentedAt: string;
  obtainedByPersonId: string;
}

// The task the server checks when consent is recorded (record-consent.ts), as the log labels it.
const obtainConsent = { code: 'obtain_consent', label: 'Obtain informed consent' };

function ConsentForm({ page, etag, onClose }: { page: ParticipantPage; etag: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { participant, studySite } = page;
  const approvals = useIcfApprovals(studySite.studyId, studySite.id);
  const staff = useSiteStaff(studySite.siteId);
  const openTask = page.reconsentTasks.find((task) => task.status === 'open');
  const form = useForm<ConsentValues>({
    initialValues: {
      icfVersionId: openTask?.icfVersionId ?? '',
      consentedAt: toSiteLocal(new Date(), studySite.timeZone),
      obtainedByPersonId: '',
    },
    validate: {
      icfVersionId: (value) => (value ? null : 'Choose the consent form version.'),
      consentedAt: (value) =>
        !value
          ? 'When was consent given?'
          : fromSiteLocal(value, studySite.timeZone)
            ? null
            : 'Write the date and time as YYYY-MM-DD HH:mm.',
      obtainedByPersonId: (value) => (value ? null : 'Who obtained consent?'),
    },
  });
  const day = form.getValues().consentedAt.slice(0, 10);
  const inForce = icfInForce(approvals.data ?? [], participant.consentLanguage, day);
  const languageVersions = [
    ...new Map(
      (approvals.data ?? [])
        .filter((approval) => approval.language === participant.consentLanguage)
        .map((approval) => [approval.icfVersionId, approval]),
    ).values(),
  ];
  const submit = useFormMutation(
    form,
    (values) =>
      recordConsent(participant.id, etag, {
        icfVersionId: values.icfVersionId,
        // The site's wall-clock time as an instant; the server stores UTC and the site's day.
        consentedAt: fromSiteLocal(values.consentedAt, studySite.timeZone) ?? values.consentedAt,
        obtainedByPersonId: values.obtainedByPersonId,
      }),
    () => {
      invalidateParticipant(queryClient, participant.id);
      notifications.show({ color: 'green', title: 'Consent recorded', message: participant.subjectNumber });
      onClose();
    },
  );
  const people = [
    ...new Map((staff.data ?? []).filter((member) => isCurrentRole(member)).map((member) => [member.personId, member])).values(),
  ];
  // Who may obtain consent on the day consent is given, from that day's delegation log (#11).
  const log = useDelegationLogOn(studySite.studyId, studySite.id, day);
  const authority = new Map(
    people.map((member) => [member.personId, log.data ? taskAuthority(log.data.items, member.personId, obtainConsent) : undefined]),
  );
  const chosen = authority.get(form.getValues().obtainedByPersonId);
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={() => invalidateParticipant(queryClient)} />
        <Select
          label="Consent form version"
          description={
            inForce
              ? `In force at the site on ${formatDay(day)} (${participant.consentLanguage}): ${inForce.versionLabel}`
              : `No ${participant.consentLanguage} form approved at the site by ${formatDay(day)}`
          }
          required
          placeholder={approvals.isPending ? 'Loading the approved versions…' : 'Choose the version signed'}
          data={languageVersions.map((approval) => ({
            value: approval.icfVersionId,
            label: `${approval.versionLabel} · approved ${formatDay(approval.approvedOn)}${approval.icfVersionId === inForce?.icfVersionId ? ' (in force)' : ''}`,
          }))}
          {...form.getInputProps('icfVersionId')}
        />
        {inForce && form.getValues().icfVersionId !== inForce.icfVersionId && (
          <Button
            size="compact-xs"
            variant="subtle"
            w="fit-content"
            onClick={() => form.setFieldValue('icfVersionId', inForce.icfVersionId)}
          >
            Use the version in force
          </Button>
        )}
        <TextInput
          label="Consented at"
          description={`Date and time the participant signed, YYYY-MM-DD HH:mm, at the site: ${zoneName(studySite.timeZone)}`}
          placeholder="YYYY-MM-DD HH:mm"
          required
          maxLength={16}
          w={{ base: '100%', xs: 320 }}
          {...form.getInputProps('consentedAt')}
        />
        <Select
          label="Obtained by"
          description="Must be delegated 'obtain consent' on the delegation log on that day"
          required
          searchable
          placeholder={staff.isPending ? 'Loading the site staff…' : 'Choose a staff member'}
          data={people.map((member) => {
            const may = authority.get(member.personId);
            return {
              value: member.personId,
              label: may && !may.valid ? `${member.personName} (may not obtain consent on ${formatDay(day)})` : member.personName,
              disabled: may ? !may.valid : false,
            };
          })}
          renderOption={({ option }) => {
            const may = authority.get(option.value);
            return (
              <Stack gap={0}>
                <Text size="sm">{option.label}</Text>
                {may && !may.valid && (
                  <Text size="xs" c="red.8">
                    {may.reasons.join(' ')}
                  </Text>
                )}
              </Stack>
            );
          }}
          {...form.getInputProps('obtainedByPersonId')}
          error={
            form.errors.obtainedByPersonId ??
            (chosen && !chosen.valid ? `May not obtain consent on ${formatDay(day)}: ${chosen.reasons.join(' ')}` : undefined)
          }
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Record consent
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
