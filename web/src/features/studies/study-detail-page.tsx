import { Button, Group, Paper, Stack, Tabs } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconArrowsShuffle,
  IconChartLine,
  IconClipboardList,
  IconFolders,
  IconHistory,
  IconInfoCircle,
  IconLockOpen,
  IconMapPin,
  IconMessageQuestion,
  IconPencil,
  IconPlus,
  IconRocket,
  IconScript,
  IconSettings,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { Link, useParams, useSearchParams } from 'react-router';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { QueryBoundary } from '../../components/query-boundary';
import { StatusBadge } from '../../components/status-badge';
import { useCan } from '../auth/auth-api';
import { StudyQueriesTab } from '../data-queries/study-queries-tab';
import { StudyDelegationTab } from '../delegation/study-delegation-tab';
import { DeviationsPage } from '../deviations/deviations-page';
import { SiteFileTable } from '../documents/site-file-table';
import { LazyEnrollmentView } from '../enrollment/enrollment-lazy';
import { FeasibilityTab } from '../feasibility/feasibility-tab';
import { StartupBoard } from '../milestones/startup-board';
import { StudyParticipantsTab } from '../participants/study-participants-tab';
import { SubjectNumberSettings } from '../participants/subject-number-settings';
import { ProtocolSetupTab } from '../protocols/protocol-setup-tab';
import { AllocationsTab } from '../randomization/allocations-tab';
import { SchemeSettings } from '../randomization/scheme-settings';
import { AddSiteModal } from '../study-sites/add-site-modal';
import { StudySitesTable } from '../study-sites/study-sites-table';
import { SiteStatusOverview } from './site-status-overview';
import { useStudy } from './study-api';
import classes from './study-detail-page.module.css';
import { StudySettingsTab } from './study-settings-tab';
import { StudySummaryCard } from './study-summary-card';
import { studyStatusOptions } from './study-types';

const tabs = [
  'overview',
  'sites',
  'protocol',
  'participants',
  'enrollment',
  'deviations',
  'queries',
  'site-file',
  'start-up',
  'delegation',
  'feasibility',
  'randomization',
  'allocations',
  'settings',
  'history',
] as const;
type StudyTab = (typeof tabs)[number];

export function StudyDetailPage() {
  const { studyId = '' } = useParams();
  const query = useStudy(studyId);
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('tab');
  // The sites list stays the landing tab: it is where a study manager works from day to day.
  const tab: StudyTab = (tabs as readonly string[]).includes(requested ?? '') ? (requested as StudyTab) : 'sites';
  const canEdit = useCan('study.update');
  const canAddSite = useCan('studySite.create');
  const show = {
    'site-file': useCan('document.read'),
    'start-up': useCan('milestone.read'),
    delegation: useCan('delegation.read'),
    feasibility: useCan('feasibility.read'),
    participants: useCan('participant.read'),
    deviations: useCan('deviation.read'),
    queries: useCan('query.read'),
    // Arms by participant: unblinded roles only.
    allocations: useCan('allocation.read'),
  };
  const [addingSite, addSite] = useDisclosure();

  return (
    <QueryBoundary query={query} what="study">
      {({ record: study }) => (
        <>
          <PageHeader
            title={study.shortName}
            badge={<StatusBadge options={studyStatusOptions} value={study.status} />}
            subtitle={study.title}
            trail={[{ label: 'Studies', to: '/studies' }, { label: study.shortName }]}
            actions={
              canEdit && (
                <Button
                  component={Link}
                  to={`/studies/${study.id}/edit`}
                  variant="default"
                  leftSection={<IconPencil size={16} aria-hidden />}
                >
                  Edit study
                </Button>
              )
            }
          />
          <Paper withBorder radius="md" p="md">
            <Tabs
              value={tab}
              onChange={(value) =>
                setSearchParams(
                  (current) => {
                    const next = new URLSearchParams(current);
                    if (value && value !== 'sites') next.set('tab', value);
                    else next.delete('tab');
                    return next;
                  },
                  { replace: true },
                )
              }
              keepMounted={false}
            >
              {/* Every tab stays in sight at any width: the strip wraps onto a second row rather than scrolling
                  tabs out of view (#11), and the action sits after it. */}
              <Group justify="space-between" mb="md" wrap="nowrap" align="flex-end">
                <Tabs.List className={classes.tabList} data-study-tabs>
                  <Tabs.Tab value="overview" leftSection={<IconInfoCircle size={16} aria-hidden />}>
                    Overview
                  </Tabs.Tab>
                  <Tabs.Tab value="sites" leftSection={<IconMapPin size={16} aria-hidden />}>
                    Sites ({study.siteCount})
                  </Tabs.Tab>
                  <Tabs.Tab value="protocol" leftSection={<IconScript size={16} aria-hidden />}>
                    Protocol
                  </Tabs.Tab>
                  {show.participants && (
                    <Tabs.Tab value="participants" leftSection={<IconUsers size={16} aria-hidden />}>
                      Participants
                    </Tabs.Tab>
                  )}
                  {show.participants && (
                    <Tabs.Tab value="enrollment" leftSection={<IconChartLine size={16} aria-hidden />}>
                      Enrollment
                    </Tabs.Tab>
                  )}
                  {show.deviations && (
                    <Tabs.Tab value="deviations" leftSection={<IconAlertTriangle size={16} aria-hidden />}>
                      Deviations
                    </Tabs.Tab>
                  )}
                  {show.queries && (
                    <Tabs.Tab value="queries" leftSection={<IconMessageQuestion size={16} aria-hidden />}>
                      Queries
                    </Tabs.Tab>
                  )}
                  {show['site-file'] && (
                    <Tabs.Tab value="site-file" leftSection={<IconFolders size={16} aria-hidden />}>
                      Site file
                    </Tabs.Tab>
                  )}
                  {show['start-up'] && (
                    <Tabs.Tab value="start-up" leftSection={<IconRocket size={16} aria-hidden />}>
                      Start-up
                    </Tabs.Tab>
                  )}
                  {show.delegation && (
                    <Tabs.Tab value="delegation" leftSection={<IconUsersGroup size={16} aria-hidden />}>
                      Delegation
                    </Tabs.Tab>
                  )}
                  {show.feasibility && (
                    <Tabs.Tab value="feasibility" leftSection={<IconClipboardList size={16} aria-hidden />}>
                      Feasibility
                    </Tabs.Tab>
                  )}
                  {show.participants && (
                    <Tabs.Tab value="randomization" leftSection={<IconArrowsShuffle size={16} aria-hidden />}>
                      Randomization
                    </Tabs.Tab>
                  )}
                  {show.allocations && (
                    <Tabs.Tab value="allocations" leftSection={<IconLockOpen size={16} aria-hidden />}>
                      Allocations
                    </Tabs.Tab>
                  )}
                  <Tabs.Tab value="settings" leftSection={<IconSettings size={16} aria-hidden />}>
                    Settings
                  </Tabs.Tab>
                  <Tabs.Tab value="history" leftSection={<IconHistory size={16} aria-hidden />}>
                    History
                  </Tabs.Tab>
                </Tabs.List>
                {tab === 'sites' && canAddSite && (
                  <Button size="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={addSite.open}>
                    Add site
                  </Button>
                )}
              </Group>
              <Tabs.Panel value="overview">
                <Stack>
                  <StudySummaryCard study={study} />
                  <SiteStatusOverview study={study} />
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="sites">
                <StudySitesTable studyId={study.id} />
              </Tabs.Panel>
              <Tabs.Panel value="protocol">
                <ProtocolSetupTab studyId={study.id} />
              </Tabs.Panel>
              <Tabs.Panel value="participants">
                <StudyParticipantsTab studyId={study.id} />
              </Tabs.Panel>
              <Tabs.Panel value="enrollment">
                <LazyEnrollmentView studyId={study.id} />
              </Tabs.Panel>
              <Tabs.Panel value="deviations">
                <DeviationsPage studyId={study.id} embedded />
              </Tabs.Panel>
              <Tabs.Panel value="randomization">
                <Stack gap="xl">
                  <SchemeSettings studyId={study.id} />
                  <SubjectNumberSettings studyId={study.id} />
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="allocations">{show.allocations && <AllocationsTab studyId={study.id} />}</Tabs.Panel>
              <Tabs.Panel value="site-file">
                <SiteFileTable studyId={study.id} />
              </Tabs.Panel>
              <Tabs.Panel value="queries">
                <StudyQueriesTab studyId={study.id} />
              </Tabs.Panel>
              <Tabs.Panel value="start-up">
                <StartupBoard studyId={study.id} />
              </Tabs.Panel>
              <Tabs.Panel value="delegation">
                <StudyDelegationTab studyId={study.id} />
              </Tabs.Panel>
              <Tabs.Panel value="feasibility">
                <FeasibilityTab studyId={study.id} />
              </Tabs.Panel>
              <Tabs.Panel value="settings">
                <StudySettingsTab studyId={study.id} />
              </Tabs.Panel>
              <Tabs.Panel value="history">
                <HistoryPanel
                  entityType="study"
                  framed={false}
                  entityId={study.id}
                  title="Study history"
                  trailLink={`/studies/${study.id}/audit`}
                />
              </Tabs.Panel>
            </Tabs>
          </Paper>
          <AddSiteModal studyId={study.id} opened={addingSite} onClose={addSite.close} />
        </>
      )}
    </QueryBoundary>
  );
}
