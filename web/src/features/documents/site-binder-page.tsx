import { Anchor, Badge, Button, Group, NativeSelect, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconBan, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { AsOf, formatDay } from '../../lib/dates';
import { labelOf } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { useStudySite } from '../study-sites/study-site-api';
import type { StudySite } from '../study-sites/study-site-types';
import { type BinderRow, buildBinder, needsAttention } from './binder-rows';
import { useAllDocuments, useCompleteness, useTmfArtifacts } from './document-api';
import { type CompletenessItem, completenessStatusOptions, reviewStatusOptions, type SiteCompleteness } from './document-types';
import { UploadDocumentModal, type UploadPreset } from './upload-document-modal';
import { WaiveModal } from './waive-modal';

/** The investigator site file of one study at one site, laid out by the TMF Reference Model. */
export function SiteBinderPage() {
  const { studyId = '', studySiteId = '' } = useParams();
  const query = useStudySite(studyId, studySiteId);
  return (
    <QueryBoundary query={query} what="study site">
      {({ record }) => <SiteBinder studySite={record} />}
    </QueryBoundary>
  );
}

function SiteBinder({ studySite }: { studySite: StudySite }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const show = searchParams.get('show') === 'attention' ? 'attention' : 'all';
  const canUpload = useCan('document.write');
  const canWaive = useCan('documentRule.write');
  const [uploading, setUploading] = useState<UploadPreset | null>(null);
  const [waiving, setWaiving] = useState<CompletenessItem | null>(null);
  const artifacts = useTmfArtifacts();
  const completeness = useCompleteness(studySite.studyId, { siteId: studySite.siteId, withItems: true });
  const documents = useAllDocuments({ studyId: studySite.studyId, siteId: studySite.siteId });
  const summary = completeness.data?.sites[0];
  const zones = buildBinder(artifacts.data ?? [], summary?.items ?? [], documents.data ?? []);
  const loading = artifacts.isPending || completeness.isPending || documents.isPending;

  return (
    <>
      <PageHeader
        title={`Site file · Site ${studySite.siteNumber}`}
        subtitle={`${studySite.siteName} · ${studySite.studyShortName} (${studySite.protocolNumber})`}
        trail={[
          { label: 'Studies', to: '/studies' },
          { label: studySite.studyShortName, to: `/studies/${studySite.studyId}?tab=site-file` },
          { label: `Site ${studySite.siteNumber}`, to: `/studies/${studySite.studyId}/sites/${studySite.id}` },
          { label: 'Site file' },
        ]}
        actions={
          canUpload && (
            <Button leftSection={<IconUpload size={16} aria-hidden />} onClick={() => setUploading({})}>
              Upload document
            </Button>
          )
        }
      />
      <Stack>
        {completeness.isError && <ProblemAlert error={completeness.error} />}
        {documents.isError && <ProblemAlert error={documents.error} />}
        {summary && <CompletenessSummary summary={summary} readAt={completeness.dataUpdatedAt} zone={studySite.timeZone} />}
        <Group justify="space-between" align="flex-end">
          <NativeSelect
            label="Show"
            data={[
              { value: 'all', label: 'Everything expected or filed' },
              { value: 'attention', label: 'Only what needs attention' },
            ]}
            value={show}
            onChange={(event) =>
              setSearchParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  if (event.currentTarget.value === 'attention') next.set('show', 'attention');
                  else next.delete('show');
                  return next;
                },
                { replace: true },
              )
            }
          />
          <Text size="xs" c="dimmed" maw={520} ta="right">
            Organized by the TMF Reference Model v3.3.1: zone, section, artifact. Expected items come from the study's rules (Settings →
            Expected documents).
          </Text>
        </Group>
        {loading && <Text c="dimmed">Loading the site file…</Text>}
        {!loading && zones.length === 0 && (
          <SectionCard>
            <Text c="dimmed">Nothing is expected or filed for this site yet.</Text>
          </SectionCard>
        )}
        {zones.map((zone) => {
          const sections = zone.sections
            .map((section) => ({ ...section, rows: show === 'attention' ? section.rows.filter(needsAttention) : section.rows }))
            .filter((section) => section.rows.length > 0);
          if (sections.length === 0) return null;
          return (
            <SectionCard key={zone.number} title={`Zone ${zone.number.padStart(2, '0')} · ${zone.name}`}>
              <Stack gap="lg">
                {sections.map((section) => (
                  <div key={section.number}>
                    <Title order={4} size="h5" mb={6}>
                      {section.number} {section.name}
                    </Title>
                    <Table.ScrollContainer minWidth={900}>
                      <Table verticalSpacing="sm" aria-label={`${section.number} ${section.name}`}>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th scope="col" w={260}>
                              Artifact
                            </Table.Th>
                            <Table.Th scope="col" w={170}>
                              For
                            </Table.Th>
                            <Table.Th scope="col" w={170}>
                              Status
                            </Table.Th>
                            <Table.Th scope="col" w={110}>
                              Expires
                            </Table.Th>
                            <Table.Th scope="col">Filed documents</Table.Th>
                            <Table.Th scope="col" w={190}>
                              Actions
                            </Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {section.rows.map((row) => (
                            <BinderLine
                              key={row.key}
                              row={row}
                              onUpload={canUpload ? () => setUploading(presetFor(row)) : undefined}
                              onWaive={canWaive && row.item && canBeWaived(row.item) ? () => setWaiving(row.item) : undefined}
                            />
                          ))}
                        </Table.Tbody>
                      </Table>
                    </Table.ScrollContainer>
                  </div>
                ))}
              </Stack>
            </SectionCard>
          );
        })}
      </Stack>
      <UploadDocumentModal studyId={studySite.studyId} siteId={studySite.siteId} preset={uploading} onClose={() => setUploading(null)} />
      <WaiveModal studyId={studySite.studyId} siteId={studySite.siteId} item={waiving} onClose={() => setWaiving(null)} />
    </>
  );
}

const canBeWaived = (item: CompletenessItem) => item.status === 'missing' || item.status === 'expired';

const presetFor = (row: BinderRow): UploadPreset => ({
  artifactNumber: row.artifactNumber,
  personId: row.personId,
  title: row.personName ? `${row.artifactName} – ${row.personName}` : row.artifactName,
});

function BinderLine({ row, onUpload, onWaive }: { row: BinderRow; onUpload?: () => void; onWaive?: () => void }) {
  const expiry = row.item?.expiryDate ?? row.documents[0]?.approvedExpiryDate ?? null;
  return (
    // Stable hooks for browser tests: the artifact number, and the person for per-person artifacts.
    <Table.Tr data-testid={`binder-item-${row.artifactNumber}`} data-person={row.personName ?? undefined}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {row.artifactName}
        </Text>
        <Text size="xs" c="dimmed">
          {row.artifactNumber}
        </Text>
      </Table.Td>
      <Table.Td>
        {row.personId ? (
          <Anchor component={Link} to={`/people/${row.personId}`} size="sm">
            {row.personName}
          </Anchor>
        ) : (
          <Text size="sm">The site</Text>
        )}
        {row.item && row.item.appliesTo !== 'site' && (
          <Text size="xs" c="dimmed">
            {row.item.appliesTo === 'principal_investigator' ? 'Principal investigator' : 'Sub-investigator'}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {row.item ? (
          <StatusBadge options={completenessStatusOptions} value={row.item.status} />
        ) : (
          <Badge color="gray" variant="outline" radius="sm" tt="none">
            Filed, not expected
          </Badge>
        )}
        {row.item?.waiverReason && (
          <Text size="xs" c="dimmed" mt={4}>
            Waived: {row.item.waiverReason}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={row.item?.status === 'expired' ? 'red' : row.item?.status === 'expiring' ? 'yellow.8' : undefined}>
          {formatDay(expiry)}
        </Text>
      </Table.Td>
      <Table.Td>
        {row.documents.length === 0 ? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ) : (
          <Stack gap={4}>
            {row.documents.map((doc) => (
              <div key={doc.id}>
                <Anchor component={Link} to={`/documents/${doc.id}`} size="sm">
                  {doc.title}
                </Anchor>
                <Group gap={6} wrap="nowrap">
                  {doc.currentVersionNumber !== null && (
                    <Text size="xs" c="dimmed">
                      v{doc.currentVersionNumber}
                    </Text>
                  )}
                  {doc.currentReviewStatus && (
                    <Badge
                      size="xs"
                      variant="light"
                      radius="sm"
                      tt="none"
                      color={reviewColor(doc.currentReviewStatus)}
                      styles={{ root: { overflow: 'visible', flexShrink: 0 }, label: { overflow: 'visible' } }}
                    >
                      {labelOf(reviewStatusOptions, doc.currentReviewStatus)}
                    </Badge>
                  )}
                </Group>
              </div>
            ))}
          </Stack>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={6}>
          {onUpload && (
            <Button size="xs" variant="light" leftSection={<IconUpload size={14} aria-hidden />} onClick={onUpload}>
              Upload
            </Button>
          )}
          {onWaive && (
            <Button size="xs" variant="subtle" color="gray" leftSection={<IconBan size={14} aria-hidden />} onClick={onWaive}>
              Waive
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

const reviewColor = (status: string) => reviewStatusOptions.find((option) => option.value === status)?.color ?? 'gray';

function CompletenessSummary({ summary, readAt, zone }: { summary: SiteCompleteness; readAt: number; zone: string }) {
  return (
    <SectionCard title="Completeness">
      <Stack gap="sm">
        <Group gap="md" wrap="nowrap">
          <Progress
            value={summary.expected ? summary.percent : 0}
            size={18}
            style={{ flex: 1 }}
            color={summary.percent >= 100 ? 'green' : summary.percent >= 75 ? 'teal' : 'yellow'}
            aria-label={`${summary.percent}% complete`}
          />
          <Text fw={700} size="lg">
            {summary.expected ? `${summary.percent}%` : '—'}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 3, sm: 7 }} spacing="xs">
          <Metric label="Expected" value={summary.expected} />
          {completenessStatusOptions.map((option) => (
            <Metric
              key={option.value}
              label={option.label}
              value={summary[option.value]}
              color={summary[option.value] ? option.color : undefined}
            />
          ))}
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          <AsOf readAt={readAt} zone={zone} />. Approved documents that are still valid (complete or expiring) and waived items count toward
          the percentage.
        </Text>
      </Stack>
    </SectionCard>
  );
}

function Metric({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="lg" c={color ? `${color}.8` : undefined}>
        {value}
      </Text>
    </div>
  );
}
