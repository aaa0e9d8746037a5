import { Anchor, Badge, Button, Group, Image, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDownload, IconEye, IconUpload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { DetailList } from '../../components/detail-list';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { meaningLabel } from '../../components/signature-modal';
import { StatusBadge } from '../../components/status-badge';
import { formatDay, SiteTime } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { contentUrl, useDocument } from './document-api';
import {
  type DocumentDetail,
  type DocumentVersion,
  formatBytes,
  previewable,
  reviewStatusOptions,
  signatureStatusOptions,
} from './document-types';
import { VersionActions } from './document-version-actions';
import { NewVersionModal } from './new-version-modal';

export function DocumentPage() {
  const { documentId = '' } = useParams();
  const query = useDocument(documentId);
  const canWrite = useCan('document.write');
  const [uploading, uploadModal] = useDisclosure();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  return (
    <QueryBoundary query={query} what="document">
      {(current) => {
        const document = current.record;
        const versions = [...document.versions].sort((a, b) => b.versionNumber - a.versionNumber);
        const selected = versions.find((version) => version.id === selectedId) ?? versions[0];
        return (
          <>
            <PageHeader
              title={document.title}
              badge={document.currentReviewStatus && <StatusBadge options={reviewStatusOptions} value={document.currentReviewStatus} />}
              subtitle={`${document.artifactNumber} ${document.artifactName} · ${document.studyShortName}${document.siteName ? ` · ${document.siteName}` : ''}`}
              trail={[
                { label: 'Studies', to: '/studies' },
                { label: document.studyShortName, to: `/studies/${document.studyId}?tab=site-file` },
                { label: document.title },
              ]}
              actions={
                <>
                  {selected && (
                    <Button
                      component="a"
                      href={contentUrl(document.id, selected.id, 'attachment')}
                      variant="default"
                      leftSection={<IconDownload size={16} aria-hidden />}
                    >
                      Download v{selected.versionNumber}
                    </Button>
                  )}
                  {canWrite && (
                    <Button leftSection={<IconUpload size={16} aria-hidden />} onClick={uploadModal.open}>
                      Upload new version
                    </Button>
                  )}
                </>
              }
            />
            <Stack>
              <SectionCard title="Document">
                <DetailList items={documentItems(document)} cols={4} />
              </SectionCard>
              <SectionCard title="Versions">
                <VersionsTable document={document} versions={versions} selectedId={selected?.id} onSelect={setSelectedId} />
              </SectionCard>
              {selected && <Preview document={document} version={selected} />}
              <HistoryPanel entityType="document" entityId={document.id} title="Document history" />
              {selected && (
                <HistoryPanel entityType="document_version" entityId={selected.id} title={`History of version ${selected.versionNumber}`} />
              )}
            </Stack>
            <NewVersionModal current={current} opened={uploading} onClose={uploadModal.close} />
          </>
        );
      }}
    </QueryBoundary>
  );
}

function documentItems(document: DocumentDetail) {
  return [
    { label: 'TMF artifact', value: `${document.artifactNumber} ${document.artifactName}` },
    { label: 'Zone / section', value: `${document.zoneName} / ${document.sectionName}` },
    {
      label: 'Study',
      value: (
        <Anchor component={Link} to={`/studies/${document.studyId}`} size="sm">
          {document.studyShortName}
        </Anchor>
      ),
    },
    {
      label: 'Site',
      value: document.siteId ? (
        <Anchor component={Link} to={`/sites/${document.siteId}`} size="sm">
          {document.siteName}
        </Anchor>
      ) : null,
    },
    {
      label: 'Person',
      value: document.personId ? (
        <Anchor component={Link} to={`/people/${document.personId}`} size="sm">
          {document.personName}
        </Anchor>
      ) : null,
    },
    { label: 'Signature', value: <StatusBadge options={signatureStatusOptions} value={document.signatureStatus} /> },
    { label: 'Approved effective date', value: formatDay(document.approvedEffectiveDate) },
    { label: 'Approved expiry date', value: formatDay(document.approvedExpiryDate) },
  ];
}

interface VersionsTableProps {
  document: DocumentDetail;
  versions: DocumentVersion[];
  selectedId?: string;
  onSelect: (id: string) => void;
}

function VersionsTable({ document, versions, selectedId, onSelect }: VersionsTableProps) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table verticalSpacing="sm" aria-label="Versions of this document">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={50}>
              #
            </Table.Th>
            <Table.Th scope="col">File</Table.Th>
            <Table.Th scope="col">Uploaded</Table.Th>
            <Table.Th scope="col">Dates</Table.Th>
            <Table.Th scope="col">Review</Table.Th>
            <Table.Th scope="col">Signatures</Table.Th>
            <Table.Th scope="col">Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((version) => (
            <Table.Tr key={version.id} bg={version.id === selectedId ? 'blue.0' : undefined}>
              <Table.Td>
                <Text fw={600}>{version.versionNumber}</Text>
                {version.id === document.currentVersionId && (
                  <Text size="xs" c="dimmed">
                    current
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Anchor href={contentUrl(document.id, version.id, 'attachment')} size="sm" style={{ wordBreak: 'break-all' }}>
                  {version.fileName}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {formatBytes(version.sizeBytes)} · {version.mediaType.split('/').pop()}
                </Text>
                {previewable(version.mediaType) && version.id !== selectedId && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    leftSection={<IconEye size={12} aria-hidden />}
                    onClick={() => onSelect(version.id)}
                  >
                    Preview
                  </Button>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{version.uploadedByName ?? '—'}</Text>
                <Text size="xs" c="dimmed">
                  <SiteTime instant={version.uploadedAt} zone={document.siteTimeZone} />
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">Effective {formatDay(version.effectiveDate)}</Text>
                <Text size="xs">Expires {formatDay(version.expiryDate)}</Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge options={reviewStatusOptions} value={version.reviewStatus} />
                {version.reviewNote && (
                  <Text size="xs" c="dimmed" mt={4} maw={220}>
                    {version.reviewNote}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {version.signatures.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                ) : (
                  <Stack gap={6}>
                    {version.signatures.map((signature) => (
                      <div key={signature.id}>
                        <Group gap={6}>
                          <Text size="sm" fw={600}>
                            {signature.printedName}
                          </Text>
                          <Badge size="xs" radius="sm" variant="light" color={signature.valid ? 'green' : 'red'} tt="none">
                            {signature.valid ? 'Valid' : 'Invalid: content changed'}
                          </Badge>
                        </Group>
                        <Text size="xs" c="dimmed">
                          {meaningLabel(signature.meaning)} · <SiteTime instant={signature.signedAt} zone={document.siteTimeZone} />
                        </Text>
                        {version.id !== document.currentVersionId && (
                          // 21 CFR 11.70: a signature stays linked to what was signed, never carried to a later version.
                          <Text size="xs" c="orange.8">
                            Signature applies to version {version.versionNumber} only
                          </Text>
                        )}
                      </div>
                    ))}
                  </Stack>
                )}
              </Table.Td>
              <Table.Td>
                <VersionActions document={document} version={version} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * The API sends X-Frame-Options: DENY on every answer, which stops a PDF in an <iframe>; the
 * bytes are read once and framed from a blob: URL of this page instead (no headers apply).
 */
function useBlobUrl(url: string | null): { blobUrl: string | null; failed: boolean } {
  const [state, setState] = useState<{ blobUrl: string | null; failed: boolean }>({ blobUrl: null, failed: false });
  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    let objectUrl: string | null = null;
    setState({ blobUrl: null, failed: false });
    fetch(url, { credentials: 'same-origin', signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        objectUrl = URL.createObjectURL(await response.blob());
        setState({ blobUrl: objectUrl, failed: false });
      })
      .catch((error: unknown) => {
        if (!(error instanceof DOMException && error.name === 'AbortError')) setState({ blobUrl: null, failed: true });
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);
  return state;
}

/** PDFs and images are shown in the page; the server serves only sniff-checked types inline, under a strict CSP. */
function Preview({ document, version }: { document: DocumentDetail; version: DocumentVersion }) {
  const url = contentUrl(document.id, version.id, 'inline');
  const isPdf = version.mediaType === 'application/pdf';
  const pdf = useBlobUrl(isPdf ? url : null);
  const label = `${document.title}, version ${version.versionNumber}`;
  return (
    <SectionCard title={`Preview of version ${version.versionNumber}`}>
      {isPdf ? (
        pdf.blobUrl ? (
          <iframe
            src={pdf.blobUrl}
            title={label}
            style={{ width: '100%', height: 640, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6 }}
          />
        ) : (
          <Text c="dimmed">{pdf.failed ? 'The preview could not be loaded; download the file instead.' : 'Loading the preview…'}</Text>
        )
      ) : version.mediaType.startsWith('image/') ? (
        <Image src={url} alt={label} maw="100%" mah={640} fit="contain" bd="1px solid gray.3" radius="sm" />
      ) : (
        <Text c="dimmed">
          This file type cannot be shown in the browser.{' '}
          <Anchor href={contentUrl(document.id, version.id, 'attachment')}>Download {version.fileName}</Anchor> to open it.
        </Text>
      )}
    </SectionCard>
  );
}
