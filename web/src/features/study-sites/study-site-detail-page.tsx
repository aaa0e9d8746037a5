import { Anchor, Button, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowsExchange, IconFileImport, IconFolders, IconListSearch, IconPencil, IconUsersGroup } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { DetailList } from '../../components/detail-list';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { countryName } from '../../lib/countries';
import { formatDay } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { LazyEnrollmentView } from '../enrollment/enrollment-lazy';
import { StudySiteMilestones } from '../milestones/study-site-milestones';
import { participantImportPath } from '../participant-import/participant-import-api';
import { ParticipantsTable } from '../participants/participants-table';
import { SiteApprovalsPanel } from '../protocols/site-approvals-panel';
import { ChangeStatusModal } from './change-status-modal';
import { EditStudySiteModal } from './edit-study-site-modal';
import { useStudySite } from './study-site-api';
import { type StudySite, studySiteStatusOptions, studySiteTransitions } from './study-site-types';

export function StudySiteDetailPage() {
  const { studyId = '', studySiteId = '' } = useParams();
  const query = useStudySite(studyId, studySiteId);
  const canUpdate = useCan('studySite.update');
  const canReadDocuments = useCan('document.read');
  const canReadDelegation = useCan('delegation.read');
  const canReadMilestones = useCan('milestone.read');
  const canReadParticipants = useCan('participant.read');
  const canWriteParticipants = useCan('participant.write');
  const [changingStatus, statusModal] = useDisclosure();
  const [editing, editModal] = useDisclosure();

  return (
    <QueryBoundary query={query} what="study site">
      {(current) => {
        const studySite = current.record;
        return (
          <>
            <PageHeader
              title={`Site ${studySite.siteNumber} · ${studySite.siteName}`}
              badge={<StatusBadge options={studySiteStatusOptions} value={studySite.status} />}
              subtitle={`${studySite.studyShortName} (${studySite.protocolNumber})`}
              trail={[
                { label: 'Studies', to: '/studies' },
                { label: studySite.studyShortName, to: `/studies/${studySite.studyId}` },
                { label: `Site ${studySite.siteNumber}` },
              ]}
              actions={
                <>
                  {canReadDocuments && (
                    <Button
                      component={Link}
                      to={`/studies/${studySite.studyId}/sites/${studySite.id}/file`}
                      variant="default"
                      leftSection={<IconFolders size={16} aria-hidden />}
                    >
                      Site file
                    </Button>
                  )}
                  {canReadDelegation && (
                    <Button
                      component={Link}
                      to={`/studies/${studySite.studyId}/sites/${studySite.id}/delegation`}
                      variant="default"
                      leftSection={<IconUsersGroup size={16} aria-hidden />}
                    >
                      Delegation log
                    </Button>
                  )}
                  {canReadParticipants && (
                    <Button
                      component={Link}
                      to={`/studies/${studySite.studyId}/sites/${studySite.id}/prescreening`}
                      variant="default"
                      leftSection={<IconListSearch size={16} aria-hidden />}
                    >
                      Pre-screening log
                    </Button>
                  )}
                  {canUpdate && (
                    <>
                      {studySiteTransitions[studySite.status].length > 0 && (
                        <Button leftSection={<IconArrowsExchange size={16} aria-hidden />} onClick={statusModal.open}>
                          Change status
                        </Button>
                      )}
                      <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={editModal.open}>
                        Edit
                      </Button>
                    </>
                  )}
                </>
              }
            />
            <Stack>
              <SectionCard title="Study site">
                <DetailList items={detailItems(studySite)} />
              </SectionCard>
              <SiteApprovalsPanel studyId={studySite.studyId} studySiteId={studySite.id} timeZone={studySite.timeZone} />
              {canReadParticipants && (
                <SectionCard
                  title="Participants"
                  actions={
                    canWriteParticipants && (
                      <Button
                        component={Link}
                        to={participantImportPath(studySite.studyId, studySite.id)}
                        size="xs"
                        variant="default"
                        leftSection={<IconFileImport size={14} aria-hidden />}
                      >
                        Import from CSV
                      </Button>
                    )
                  }
                >
                  <ParticipantsTable studyId={studySite.studyId} studySiteId={studySite.id} prefix="sp" />
                </SectionCard>
              )}
              {canReadParticipants && (
                <SectionCard title="Enrollment">
                  <LazyEnrollmentView studyId={studySite.studyId} studySiteId={studySite.id} />
                </SectionCard>
              )}
              {canReadMilestones && <StudySiteMilestones studyId={studySite.studyId} studySiteId={studySite.id} />}
              <HistoryPanel entityType="study_site" entityId={studySite.id} title="Status and change history" />
            </Stack>
            <ChangeStatusModal studySite={studySite} etag={current.etag} opened={changingStatus} onClose={statusModal.close} />
            <EditStudySiteModal current={current} opened={editing} onClose={editModal.close} />
          </>
        );
      }}
    </QueryBoundary>
  );
}

function detailItems(studySite: StudySite) {
  return [
    {
      label: 'Study',
      value: (
        <Anchor component={Link} to={`/studies/${studySite.studyId}`} size="sm">
          {studySite.studyShortName}
        </Anchor>
      ),
    },
    {
      label: 'Site',
      value: (
        <Anchor component={Link} to={`/sites/${studySite.siteId}`} size="sm">
          {studySite.siteName}
        </Anchor>
      ),
    },
    { label: 'Site number', value: studySite.siteNumber },
    { label: 'Principal investigator', value: studySite.principalInvestigator },
    { label: 'Location', value: [studySite.city, countryName(studySite.country)].filter(Boolean).join(', ') },
    { label: 'Supporting SMO', value: studySite.smoName },
    { label: 'Target enrollment', value: studySite.targetEnrollment },
    { label: 'Activation date', value: formatDay(studySite.activationDate) },
    { label: 'Version', value: studySite.version },
  ];
}
