import { Anchor, Badge, Button, Group, List, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconCopy, IconPencil, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { formatInstant } from '../../lib/dates';
import { humanize } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { useStudy } from '../studies/study-api';
import { studySiteStatusOptions } from '../study-sites/study-site-types';
import { DecisionModal, type PendingDecision } from './decision-modal';
import { type Question, type Questionnaire, useInvitations, useQuestionnaire, useShortlist } from './feasibility-api';
import { QuestionnaireBuilderModal } from './questionnaire-builder';
import { SendModal } from './send-modal';

export function QuestionnairePage() {
  const { studyId = '', questionnaireId = '' } = useParams();
  const query = useQuestionnaire(questionnaireId);
  return (
    <QueryBoundary query={query} what="questionnaire">
      {({ record }) => <QuestionnaireView studyId={studyId} questionnaire={record} />}
    </QueryBoundary>
  );
}

function QuestionnaireView({ studyId, questionnaire }: { studyId: string; questionnaire: Questionnaire }) {
  const canWrite = useCan('feasibility.write');
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [sending, setSending] = useState(false);
  const [deciding, setDeciding] = useState<PendingDecision | null>(null);
  const invitations = useInvitations({ questionnaireId: questionnaire.id });
  const study = useStudy(studyId);
  const shortlist = useShortlist(studyId, questionnaire.id, questionnaire.status === 'sent');
  return (
    <>
      <PageHeader
        title={questionnaire.title}
        badge={
          <Badge color={questionnaire.status === 'sent' ? 'green' : 'gray'} variant="light" tt="none" radius="sm">
            {questionnaire.status === 'sent' ? 'Sent' : 'Draft'} · revision {questionnaire.revision}
          </Badge>
        }
        subtitle={questionnaire.sentAt ? `Sent ${formatInstant(questionnaire.sentAt)}` : 'Not sent yet: still editable'}
        trail={[
          { label: 'Studies', to: '/studies' },
          { label: study.data ? `${study.data.record.shortName} · Feasibility` : 'Feasibility', to: `/studies/${studyId}?tab=feasibility` },
          { label: questionnaire.title },
        ]}
        actions={
          canWrite && (
            <>
              {questionnaire.status === 'draft' ? (
                <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
                  Edit
                </Button>
              ) : (
                <Button variant="default" leftSection={<IconCopy size={16} aria-hidden />} onClick={() => setEditing(true)}>
                  New revision
                </Button>
              )}
              <Button leftSection={<IconSend size={16} aria-hidden />} onClick={() => setSending(true)}>
                Send to sites
              </Button>
            </>
          )
        }
      />
      <Stack>
        {questionnaire.status === 'sent' && (
          <SectionCard title="Short-list">
            {shortlist.isError && <ProblemAlert error={shortlist.error} />}
            {shortlist.data && (
              <>
                <Text size="xs" c="dimmed" mb="sm">
                  {shortlist.data.method}
                </Text>
                {shortlist.data.items.length === 0 ? (
                  <Text c="dimmed">No site has submitted its answers yet.</Text>
                ) : (
                  <Table.ScrollContainer minWidth={900}>
                    <Table verticalSpacing="sm" aria-label="Ranked short-list">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th scope="col">Rank</Table.Th>
                          <Table.Th scope="col">Site</Table.Th>
                          <Table.Th scope="col">Score</Table.Th>
                          <Table.Th scope="col">Answers / history</Table.Th>
                          <Table.Th scope="col">History basis</Table.Th>
                          <Table.Th scope="col">Decision</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {shortlist.data.items.map((entry) => (
                          <Table.Tr key={entry.invitationId}>
                            <Table.Td>
                              <Text fw={700}>{entry.rank}</Text>
                            </Table.Td>
                            <Table.Td>
                              <Anchor component={Link} to={`/feasibility/invitations/${entry.invitationId}`} fw={600} size="sm">
                                {entry.siteNumber} · {entry.siteName}
                              </Anchor>
                              <div>
                                <StatusBadge options={studySiteStatusOptions} value={entry.studySiteStatus} />
                              </div>
                            </Table.Td>
                            <Table.Td>
                              <Text fw={700}>{entry.score.final.toFixed(1)}</Text>
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm">
                                {entry.score.answers.toFixed(1)} / {entry.score.history === null ? '—' : entry.score.history.toFixed(1)}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <List size="xs" spacing={2} maw={320}>
                                {entry.history.map((component) => (
                                  <List.Item key={component.name}>
                                    <Tooltip label={component.basis} multiline w={300}>
                                      <span>
                                        {humanize(component.name)}:{' '}
                                        {component.available && component.value !== null
                                          ? `${component.value.toFixed(1)} ${component.unit}`
                                          : 'not available'}
                                      </span>
                                    </Tooltip>
                                  </List.Item>
                                ))}
                              </List>
                            </Table.Td>
                            <Table.Td>
                              {entry.decision ? (
                                <Badge color={entry.decision === 'select' ? 'green' : 'red'} variant="light" tt="none" radius="sm">
                                  {entry.decision === 'select' ? 'Selected' : 'Rejected'}
                                </Badge>
                              ) : canWrite && entry.studySiteStatus === 'candidate' ? (
                                <Group gap={6} wrap="nowrap">
                                  <Button
                                    size="xs"
                                    color="green"
                                    variant="light"
                                    onClick={() => setDeciding({ entry, decision: 'select' })}
                                  >
                                    Select
                                  </Button>
                                  <Button size="xs" color="red" variant="subtle" onClick={() => setDeciding({ entry, decision: 'reject' })}>
                                    Reject
                                  </Button>
                                </Group>
                              ) : (
                                '—'
                              )}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
              </>
            )}
          </SectionCard>
        )}
        <SectionCard title="Invited sites">
          {invitations.isError && <ProblemAlert error={invitations.error} />}
          {invitations.isSuccess && invitations.data.length === 0 && <Text c="dimmed">Not sent to any site yet.</Text>}
          {(invitations.data ?? []).length > 0 && (
            <Table verticalSpacing="xs" aria-label="Invited sites">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Site</Table.Th>
                  <Table.Th scope="col">Sent</Table.Th>
                  <Table.Th scope="col">Answers</Table.Th>
                  <Table.Th scope="col">Decision</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(invitations.data ?? []).map((invitation) => (
                  <Table.Tr key={invitation.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/feasibility/invitations/${invitation.id}`} size="sm">
                        {invitation.siteNumber} · {invitation.siteName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{formatInstant(invitation.sentAt)}</Table.Td>
                    <Table.Td>{invitation.submittedAt ? `Submitted ${formatInstant(invitation.submittedAt)}` : 'Waiting'}</Table.Td>
                    <Table.Td>
                      {invitation.decision
                        ? `${invitation.decision === 'select' ? 'Selected' : 'Rejected'}: ${invitation.decisionReason ?? ''}`
                        : '—'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </SectionCard>
        <SectionCard title={`Questions (${questionnaire.questions.length})`}>
          <List type="ordered" spacing="xs">
            {questionnaire.questions.map((question) => (
              <List.Item key={question.id}>
                <Text size="sm" fw={600}>
                  {question.text}
                  {question.required ? ' *' : ''}
                </Text>
                <Text size="xs" c="dimmed">
                  {describeScoring(question)}
                </Text>
              </List.Item>
            ))}
          </List>
        </SectionCard>
        <HistoryPanel entityType="feasibility_questionnaire" entityId={questionnaire.id} />
      </Stack>
      <QuestionnaireBuilderModal
        studyId={studyId}
        questionnaire={questionnaire}
        opened={editing}
        onClose={() => setEditing(false)}
        onSaved={(saved) => saved.id !== questionnaire.id && navigate(`/studies/${studyId}/feasibility/${saved.id}`)}
      />
      <SendModal
        questionnaire={questionnaire}
        opened={sending}
        onClose={() => setSending(false)}
        alreadyInvited={(invitations.data ?? []).map((i) => i.studySiteId)}
      />
      <DecisionModal studyId={studyId} pending={deciding} onClose={() => setDeciding(null)} />
    </>
  );
}

function describeScoring(question: Question): string {
  switch (question.kind) {
    case 'yes_no':
      return `Yes/no · weight ${question.weight} · scores on "${question.expected ? 'yes' : 'no'}"`;
    case 'number':
      return `Number${question.unit ? ` (${question.unit})` : ''} · weight ${question.weight} · target ${question.min ?? '…'}–${question.max ?? '…'}`;
    case 'single_choice':
    case 'multiple_choice':
      return `${question.kind === 'single_choice' ? 'One choice' : 'Several choices'} · weight ${question.weight} · ${(question.options ?? []).map((o) => `${o.label} (${o.points})`).join(', ')}`;
    default:
      return 'Free text · not scored';
  }
}
