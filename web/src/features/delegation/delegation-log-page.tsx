import { Anchor, Badge, Button, Group, List, Popover, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileTypePdf, IconPlus, IconSignature } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { meaningLabel, SignatureModal } from '../../components/signature-modal';
import { StatusBadge } from '../../components/status-badge';
import { AsOf, formatDay, SiteTime } from '../../lib/dates';
import { labelOf } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { staffRoleOptions } from '../people/person-types';
import { useStudySite } from '../study-sites/study-site-api';
import type { StudySite } from '../study-sites/study-site-types';
import { useSiteTrainingStatus } from '../training/training-api';
import { trainingStatusOptions } from '../training/training-types';
import { type DelegationEntry, exportLogUrl, invalidateDelegation, signDelegationEntry, useDelegationLog } from './delegation-api';
import { DelegationEntryModal } from './delegation-entry-modal';

/** The delegation of authority log of one study at one site (ICH E6(R3) 2.3), signed by the principal investigator. */
export function DelegationLogPage() {
  const { studyId = '', studySiteId = '' } = useParams();
  const query = useStudySite(studyId, studySiteId);
  return (
    <QueryBoundary query={query} what="study site">
      {({ record }) => <DelegationLog studySite={record} />}
    </QueryBoundary>
  );
}

function DelegationLog({ studySite }: { studySite: StudySite }) {
  const queryClient = useQueryClient();
  const log = useDelegationLog(studySite.studyId, studySite.id);
  const canWrite = useCan('delegation.write');
  const canSign = useCan('delegation.sign');
  const canReadTraining = useCan('training.read');
  const [editing, setEditing] = useState<DelegationEntry | 'new' | null>(null);
  const [signing, setSigning] = useState<DelegationEntry | null>(null);
  const entries = log.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={`Delegation log · Site ${studySite.siteNumber}`}
        subtitle={`${studySite.siteName} · ${studySite.studyShortName} (${studySite.protocolNumber})${studySite.principalInvestigator ? ` · PI ${studySite.principalInvestigator}` : ''}`}
        trail={[
          { label: 'Studies', to: '/studies' },
          { label: studySite.studyShortName, to: `/studies/${studySite.studyId}?tab=delegation` },
          { label: `Site ${studySite.siteNumber}`, to: `/studies/${studySite.studyId}/sites/${studySite.id}` },
          { label: 'Delegation log' },
        ]}
        actions={
          <>
            <Button
              component="a"
              href={exportLogUrl(studySite.studyId, studySite.id)}
              variant="default"
              leftSection={<IconFileTypePdf size={16} aria-hidden />}
            >
              Export PDF
            </Button>
            {canWrite && (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
                Delegate tasks
              </Button>
            )}
          </>
        }
      />
      <Stack>
        <SectionCard title="Entries">
          {log.isError && <ProblemAlert error={log.error} />}
          {log.isPending && <Text c="dimmed">Loading the log…</Text>}
          {log.isSuccess && entries.length === 0 && <Text c="dimmed">Nobody has been delegated a task at this site yet.</Text>}
          {entries.length > 0 && (
            <Table.ScrollContainer minWidth={1000}>
              <Table verticalSpacing="sm" aria-label="Delegation log entries">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Person</Table.Th>
                    <Table.Th scope="col">Tasks</Table.Th>
                    <Table.Th scope="col">From</Table.Th>
                    <Table.Th scope="col">Until</Table.Th>
                    <Table.Th scope="col">Validity</Table.Th>
                    <Table.Th scope="col">PI signature</Table.Th>
                    <Table.Th scope="col">Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.map((entry) => {
                    const signature = entry.signatures.find((s) => s.valid) ?? entry.signatures.at(-1);
                    const signedNow = entry.signatures.some((s) => s.valid);
                    return (
                      <Table.Tr key={entry.id} data-testid={`delegation-entry-${entry.personName}`}>
                        <Table.Td>
                          <Anchor component={Link} to={`/people/${entry.personId}`} fw={600} size="sm">
                            {entry.personName}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Stack gap={2}>
                            {entry.taskValidity.map((task) => (
                              <Text key={task.code} size="sm" c={task.valid ? undefined : 'red.8'}>
                                {task.label}
                                {!task.valid && ' ⚠'}
                              </Text>
                            ))}
                          </Stack>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(entry.startDate)}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(entry.endDate)}</Table.Td>
                        <Table.Td>
                          <ValidityBadge entry={entry} />
                        </Table.Td>
                        <Table.Td>
                          {signature ? (
                            <>
                              <Group gap={6}>
                                <Text size="sm" fw={600}>
                                  {signature.printedName}
                                </Text>
                                <Badge size="xs" radius="sm" tt="none" variant="light" color={signature.valid ? 'green' : 'red'}>
                                  {signature.valid ? 'Valid' : 'Invalid: entry changed'}
                                </Badge>
                              </Group>
                              <Text size="xs" c="dimmed">
                                {meaningLabel(signature.meaning)} · <SiteTime instant={signature.signedAt} zone={studySite.timeZone} />
                              </Text>
                            </>
                          ) : (
                            <Text size="sm" c="orange.8">
                              Not signed
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            {canSign && !signedNow && (
                              <Button size="xs" leftSection={<IconSignature size={14} aria-hidden />} onClick={() => setSigning(entry)}>
                                Sign
                              </Button>
                            )}
                            {canWrite && (
                              <Button size="xs" variant="light" onClick={() => setEditing(entry)}>
                                Edit or end
                              </Button>
                            )}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {log.data && (
            <Text size="xs" c="dimmed" mt="xs">
              <AsOf label="Validity as of" readAt={log.dataUpdatedAt} zone={studySite.timeZone} />: an entry is valid when the PI's
              signature covers its current content and the person holds the training and licence each task requires.
            </Text>
          )}
        </SectionCard>
        {canReadTraining && <SiteTrainingStatusCard studyId={studySite.studyId} studySiteId={studySite.id} />}
      </Stack>
      <DelegationEntryModal
        studyId={studySite.studyId}
        studySiteId={studySite.id}
        siteId={studySite.siteId}
        timeZone={studySite.timeZone}
        entry={editing}
        onClose={() => setEditing(null)}
      />
      <SignatureModal
        opened={signing !== null}
        onClose={() => setSigning(null)}
        title="Sign the delegation"
        subject={
          signing && (
            <>
              As principal investigator you delegate to <strong>{signing.personName}</strong>, from {formatDay(signing.startDate)}
              {signing.endDate ? ` until ${formatDay(signing.endDate)}` : ''}: {signing.tasks.map((task) => task.label).join(', ')}.
            </>
          )
        }
        meanings={['approval', 'responsibility']}
        sign={(input) => (signing ? signDelegationEntry(signing, input) : Promise.reject(new Error('No entry')))}
        onSigned={() => {
          invalidateDelegation(queryClient, signing?.id);
          notifications.show({ color: 'green', title: 'Delegation signed', message: signing?.personName ?? '' });
        }}
        onReload={() => invalidateDelegation(queryClient)}
      />
    </>
  );
}

function ValidityBadge({ entry }: { entry: DelegationEntry }) {
  const reasons = [...entry.reasons, ...entry.taskValidity.flatMap((task) => task.reasons.map((reason) => `${task.label}: ${reason}`))];
  const unique = [...new Set(reasons)];
  if (entry.valid) {
    return (
      <Badge color="green" variant="light" radius="sm" tt="none">
        Valid
      </Badge>
    );
  }
  return (
    <Stack gap={4}>
      <Badge color="red" variant="light" radius="sm" tt="none">
        Not valid
      </Badge>
      <List size="xs" c="red.9" spacing={2} maw={280}>
        {unique.slice(0, 3).map((reason) => (
          <List.Item key={reason}>{reason}</List.Item>
        ))}
      </List>
      {unique.length > 3 && (
        <Popover width={360} withArrow>
          <Popover.Target>
            <Button size="compact-xs" variant="subtle" color="red">
              {unique.length - 3} more reason(s)
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <List size="xs" spacing={2}>
              {unique.map((reason) => (
                <List.Item key={reason}>{reason}</List.Item>
              ))}
            </List>
          </Popover.Dropdown>
        </Popover>
      )}
    </Stack>
  );
}

/** Who at the site lacks the training the study requires of their role. */
function SiteTrainingStatusCard({ studyId, studySiteId }: { studyId: string; studySiteId: string }) {
  const status = useSiteTrainingStatus(studyId, studySiteId);
  return (
    <SectionCard title="Training status of the site staff">
      {status.isError && <ProblemAlert error={status.error} />}
      {status.data && (
        <>
          <Group gap="lg" mb="sm">
            {trainingStatusOptions.map((option) => (
              <Text key={option.value} size="sm">
                {option.label}: <strong>{status.data[option.value]}</strong>
              </Text>
            ))}
          </Group>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" aria-label="Training status of the site staff">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Person</Table.Th>
                  <Table.Th scope="col">Roles</Table.Th>
                  <Table.Th scope="col">Overall</Table.Th>
                  <Table.Th scope="col">Required training</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {status.data.people.map((person) => (
                  <Table.Tr key={person.personId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/people/${person.personId}`} size="sm" fw={600}>
                        {person.personName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{person.roles.map((role) => labelOf(staffRoleOptions, role)).join(', ')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge options={trainingStatusOptions} value={person.status} />
                    </Table.Td>
                    <Table.Td>
                      {person.items.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          Nothing required
                        </Text>
                      ) : (
                        <Stack gap={2}>
                          {person.items.map((item) => (
                            <Group key={`${item.kind}:${item.label}`} gap={6}>
                              <StatusBadge options={trainingStatusOptions} value={item.status} />
                              <Text size="sm">
                                {item.label}
                                {item.expiresOn ? ` · expires ${formatDay(item.expiresOn)}` : ''}
                              </Text>
                            </Group>
                          ))}
                        </Stack>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </SectionCard>
  );
}
