import { Button, Group, Paper, Stack, Tabs } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconHistory, IconMapPin, IconPencil, IconPlus } from '@tabler/icons-react';
import { Link, useParams, useSearchParams } from 'react-router';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { QueryBoundary } from '../../components/query-boundary';
import { StatusBadge } from '../../components/status-badge';
import { useCan } from '../auth/auth-api';
import { AddSiteModal } from '../study-sites/add-site-modal';
import { StudySitesTable } from '../study-sites/study-sites-table';
import { SiteStatusOverview } from './site-status-overview';
import { useStudy } from './study-api';
import { StudySummaryCard } from './study-summary-card';
import { studyStatusOptions } from './study-types';
import { describeStudyValue } from './study-value-labels';

export function StudyDetailPage() {
  const { studyId = '' } = useParams();
  const query = useStudy(studyId);
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = searchParams.get('tab') === 'history' ? 'history' : 'sites';
  const canEdit = useCan('study.update');
  const canAddSite = useCan('studySite.create');
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
          <Stack>
            <StudySummaryCard study={study} />
            <SiteStatusOverview study={study} />
            <Paper withBorder radius="md" p="md">
              <Tabs
                value={tab}
                onChange={(value) =>
                  setSearchParams(
                    (current) => {
                      const next = new URLSearchParams(current);
                      if (value === 'history') next.set('tab', 'history');
                      else next.delete('tab');
                      return next;
                    },
                    { replace: true },
                  )
                }
                keepMounted={false}
              >
                <Group justify="space-between" mb="md" wrap="nowrap" align="flex-end">
                  <Tabs.List>
                    <Tabs.Tab value="sites" leftSection={<IconMapPin size={16} aria-hidden />}>
                      Sites ({study.siteCount})
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
                <Tabs.Panel value="sites">
                  <StudySitesTable studyId={study.id} />
                </Tabs.Panel>
                <Tabs.Panel value="history">
                  <HistoryPanel
                    entityType="study"
                    framed={false}
                    entityId={study.id}
                    title="Study history"
                    describeValue={describeStudyValue}
                    knownIds={{ [study.sponsorOrgId]: study.sponsorName, ...(study.croOrgId ? { [study.croOrgId]: study.croName } : {}) }}
                  />
                </Tabs.Panel>
              </Tabs>
            </Paper>
          </Stack>
          <AddSiteModal studyId={study.id} opened={addingSite} onClose={addSite.close} />
        </>
      )}
    </QueryBoundary>
  );
}
