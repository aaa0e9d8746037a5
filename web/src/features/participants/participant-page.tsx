import { Alert, Anchor, Badge, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowsShuffle, IconEyeOff, IconLockOpen } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { DetailList } from '../../components/detail-list';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { formatDay, SiteTime } from '../../lib/dates';
import { labelOf } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { VisitFormsSection } from '../data-entry/visit-forms-section';
import { ParticipantQueries } from '../data-queries/participant-queries';
import { ParticipantDeviations } from '../deviations/participant-deviations';
import { useUnblindings } from '../randomization/randomization-api';
import { RandomizeModal } from '../randomization/randomize-modal';
import { UnblindModal } from '../randomization/unblind-modal';
import { ParticipantAdverseEvents } from '../safety/participant-adverse-events';
import { VisitsTable } from '../visits/visits-table';
import { ConsentSection } from './consent-section';
import { EligibilitySection } from './eligibility-section';
import { useParticipant } from './participant-api';
import { endedStatuses, type ParticipantPage as Page, participantStatusOptions, withdrawalScopeOptions } from './participant-types';
import { StatusActions } from './status-change-modal';

export function ParticipantPage() {
  const { participantId = '' } = useParams();
  const query = useParticipant(participantId);
  return (
    <QueryBoundary query={query} what="participant">
      {({ record, etag }) => <ParticipantView page={record} etag={etag} />}
    </QueryBoundary>
  );
}

function ParticipantView({ page, etag }: { page: Page; etag: string }) {
  const { participant, studySite, randomization } = page;
  const canWrite = useCan('participant.write');
  const canRandomize = useCan('participant.randomize');
  const canUnblind = useCan('participant.unblind');
  const [randomizing, setRandomizing] = useState(false);
  const [unblinding, setUnblinding] = useState(false);
  const randomized = Boolean(participant.randomizationNumber);
  const mayRandomize =
    canRandomize && participant.status === 'screening' && Boolean(participant.consentedOn) && Boolean(participant.eligibilityConfirmedAt);
  const active = !endedStatuses.includes(participant.status) || participant.withdrawalScope === 'treatment';

  return (
    <>
      <PageHeader
        title={<span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{participant.subjectNumber}</span>}
        badge={<StatusBadge options={participantStatusOptions} value={participant.status} />}
        subtitle={
          <>
            {studySite.studyShortName} · Site {studySite.siteNumber} {studySite.siteName}
            {randomization?.number ? ` · Randomization no. ${randomization.number}` : ''}
          </>
        }
        trail={[
          { label: 'Participants', to: `/participants?study=${participant.studyId}` },
          { label: studySite.studyShortName, to: `/studies/${participant.studyId}?tab=participants` },
          { label: `Site ${studySite.siteNumber}`, to: `/studies/${participant.studyId}/sites/${studySite.id}` },
          { label: participant.subjectNumber },
        ]}
        actions={
          <>
            {canRandomize && !randomized && participant.status === 'screening' && (
              <Button
                leftSection={<IconArrowsShuffle size={16} aria-hidden />}
                disabled={!mayRandomize}
                title={mayRandomize ? undefined : 'Needs consent and confirmed eligibility'}
                onClick={() => setRandomizing(true)}
              >
                Randomize
              </Button>
            )}
            {canWrite && <StatusActions participant={participant} etag={etag} timeZone={studySite.timeZone} />}
            {canUnblind && randomized && !randomization?.arm && (
              <Button color="red" variant="light" leftSection={<IconLockOpen size={16} aria-hidden />} onClick={() => setUnblinding(true)}>
                Emergency unblinding
              </Button>
            )}
          </>
        }
      />
      <Stack>
        <ReconsentAlert page={page} />
        <SimpleGrid cols={{ base: 1, md: page.identity ? 2 : 1 }}>
          <SectionCard title="Participant">
            <DetailList items={summaryItems(page)} cols={3} />
          </SectionCard>
          {page.identity && (
            <SectionCard title="Identity (site only)">
              <DetailList
                cols={2}
                items={[
                  { label: 'Full name', value: page.identity.fullName },
                  { label: 'Date of birth', value: formatDay(page.identity.dateOfBirth) },
                  { label: 'Phone', value: page.identity.phone },
                  { label: 'E-mail', value: page.identity.email },
                ]}
              />
              <Text size="xs" c="dimmed" mt="sm">
                Kept apart from the study record; sponsors, CROs and monitors never see it.
              </Text>
            </SectionCard>
          )}
        </SimpleGrid>
        {randomized && <RandomizationCard page={page} />}
        <ConsentSection page={page} etag={etag} />
        <EligibilitySection page={page} etag={etag} />
        <VisitsTable
          participantId={participant.id}
          subjectNumber={participant.subjectNumber}
          active={active}
          consentedOn={participant.consentedOn}
          protocolVersionId={page.eligibility.protocolVersionId}
          siteId={studySite.siteId}
        />
        <VisitFormsSection participantId={participant.id} />
        <ParticipantAdverseEvents participantId={participant.id} subjectNumber={participant.subjectNumber} timeZone={studySite.timeZone} />
        <ParticipantQueries participantId={participant.id} subjectNumber={participant.subjectNumber} />
        <ParticipantDeviations participantId={participant.id} subjectNumber={participant.subjectNumber} timeZone={studySite.timeZone} />
        <HistoryPanel entityType="participant" entityId={participant.id} title="Participant history" />
      </Stack>
      <RandomizeModal participant={participant} timeZone={studySite.timeZone} opened={randomizing} onClose={() => setRandomizing(false)} />
      <UnblindModal participant={participant} opened={unblinding} onClose={() => setUnblinding(false)} />
    </>
  );
}

/**
 * Outstanding re-consent at the top of the page, where it cannot be missed: every visit done
 * before it is recorded as a deviation (ICH E6(R3) 2.8.2), so it comes before any visit work.
 */
function ReconsentAlert({ page }: { page: Page }) {
  const open = page.reconsentTasks.filter((task) => task.status === 'open');
  if (open.length === 0 || endedStatuses.includes(page.participant.status)) return null;
  return (
    <Alert
      color="orange"
      variant="filled"
      icon={<IconAlertTriangle size={20} aria-hidden />}
      title="Re-consent outstanding"
      data-testid="reconsent-alert"
    >
      {open.map((task) => (
        <Text key={task.id} size="sm">
          Consent form {task.icfVersionLabel} was approved at the site: the participant is to re-consent on it, due from{' '}
          {formatDay(task.dueFrom)}. A visit completed on or after that day before re-consent is recorded as a protocol deviation. Record
          the re-consent under Informed consent below.
        </Text>
      ))}
    </Alert>
  );
}

function summaryItems({ participant, studySite }: Page) {
  const items = [
    {
      label: 'Study',
      value: (
        <Anchor component={Link} to={`/studies/${participant.studyId}`} size="sm">
          {studySite.studyShortName}
        </Anchor>
      ),
    },
    {
      label: 'Site',
      value: (
        <Anchor component={Link} to={`/studies/${participant.studyId}/sites/${studySite.id}`} size="sm">
          {studySite.siteNumber} · {studySite.siteName}
        </Anchor>
      ),
    },
    { label: 'Consent language', value: participant.consentLanguage },
    { label: 'Screened', value: formatDay(participant.screenedOn) },
    { label: 'Consented', value: formatDay(participant.consentedOn) },
    {
      label: 'Eligibility confirmed',
      value: participant.eligibilityConfirmedAt ? (
        <SiteTime instant={participant.eligibilityConfirmedAt} zone={studySite.timeZone} />
      ) : null,
    },
    { label: 'Enrolled', value: formatDay(participant.enrolledOn) },
  ];
  if (participant.screenFailedOn)
    items.push({
      label: 'Screen failed',
      value: `${formatDay(participant.screenFailedOn)}: ${participant.screenFailReason ?? ''}`,
    });
  if (participant.withdrawnOn)
    items.push({
      label: 'Withdrawn',
      value: `${formatDay(participant.withdrawnOn)} (${labelOf(withdrawalScopeOptions, participant.withdrawalScope)}): ${participant.withdrawalReason ?? ''}`,
    });
  if (participant.lostOn) items.push({ label: 'Lost to follow-up', value: formatDay(participant.lostOn) });
  if (participant.completedOn) items.push({ label: 'Completed', value: formatDay(participant.completedOn) });
  return items;
}

/** The randomization number and, only when the API returns it (open label or unblinded roles), the arm. */
function RandomizationCard({ page }: { page: Page }) {
  const { participant, randomization } = page;
  const canUnblind = useCan('participant.unblind');
  const unblindings = useUnblindings(participant.id, canUnblind || Boolean(randomization?.arm));
  return (
    <SectionCard title="Randomization">
      <Group gap="xl" align="flex-start">
        <Stack gap={0}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Randomization number
          </Text>
          <Text fw={700} ff="monospace">
            {randomization?.number ?? participant.randomizationNumber}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Enrolled
          </Text>
          <Text size="sm">{formatDay(randomization?.enrolledOn ?? participant.enrolledOn)}</Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Arm
          </Text>
          {randomization?.arm ? (
            <Badge color="grape" variant="light" radius="sm" tt="none" size="lg">
              {randomization.arm.name} ({randomization.arm.code})
            </Badge>
          ) : (
            <Group gap={4}>
              <IconEyeOff size={16} aria-hidden />
              <Text size="sm" c="dimmed">
                Blinded
              </Text>
            </Group>
          )}
        </Stack>
      </Group>
      {(unblindings.data ?? []).length > 0 && (
        <Alert color="red" variant="light" mt="md" title="Emergency unblinding">
          {(unblindings.data ?? []).map((record) => (
            <Text size="sm" key={record.id}>
              <SiteTime instant={record.unblindedAt} zone={page.studySite.timeZone} /> by {record.unblindedByName}: {record.reason}
            </Text>
          ))}
        </Alert>
      )}
    </SectionCard>
  );
}
