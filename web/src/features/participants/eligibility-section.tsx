import { Alert, Badge, Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconSignature } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { SignatureModal } from '../../components/signature-modal';
import { SiteTime } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { answerEligibility, confirmEligibility, invalidateParticipant } from './participant-api';
import type { CriterionAnswer, ParticipantPage } from './participant-types';

type Draft = Record<string, { met: 'met' | 'not_met' | ''; note: string }>;

const draftOf = (criteria: CriterionAnswer[]): Draft =>
  Object.fromEntries(
    criteria.map((criterion) => [
      criterion.criterionId,
      { met: criterion.met === null ? '' : criterion.met ? 'met' : 'not_met', note: criterion.note ?? '' },
    ]),
  );

/** Why a criterion blocks eligibility: an inclusion not met, or an exclusion met. */
const blocks = (kind: CriterionAnswer['kind'], met: boolean) => (kind === 'inclusion' ? !met : met);

/**
 * The protocol's criteria answered one by one at the site, then confirmed by an investigator with
 * an electronic signature (ICH E6(R3) 2.7: eligibility is the investigator's responsibility).
 */
export function EligibilitySection({ page, etag }: { page: ParticipantPage; etag: string }) {
  const queryClient = useQueryClient();
  const { participant, eligibility } = page;
  const canAnswer = useCan('participant.write');
  const canConfirm = useCan('eligibility.confirm');
  const [draft, setDraft] = useState<Draft>(() => draftOf(eligibility.criteria));
  const [signing, setSigning] = useState(false);
  useEffect(() => setDraft(draftOf(eligibility.criteria)), [eligibility.criteria]);
  const confirmed = Boolean(eligibility.confirmedAt);
  const editable = canAnswer && !confirmed && participant.status === 'screening';
  const save = useMutation({
    mutationFn: () =>
      answerEligibility(
        participant.id,
        etag,
        Object.entries(draft)
          .filter(([, answer]) => answer.met !== '')
          .map(([criterionId, answer]) => ({ criterionId, met: answer.met === 'met', note: answer.note.trim() || null })),
      ),
    onSuccess: () => invalidateParticipant(queryClient, participant.id),
  });
  const changed = eligibility.criteria.some((criterion) => {
    const answer = draft[criterion.criterionId];
    const before = draftOf([criterion])[criterion.criterionId];
    return answer && before && (answer.met !== before.met || answer.note !== before.note);
  });
  const unanswered = eligibility.criteria.filter((criterion) => criterion.met === null).length;
  const blocking = eligibility.criteria.filter((criterion) => criterion.met !== null && blocks(criterion.kind, criterion.met));
  const ready = eligibility.criteria.length > 0 && unanswered === 0 && blocking.length === 0 && !changed;

  return (
    <SectionCard
      title="Eligibility"
      actions={
        confirmed ? (
          <Badge color="green" variant="light" radius="sm" tt="none" leftSection={<IconCircleCheck size={14} />}>
            Confirmed
          </Badge>
        ) : (
          canConfirm && (
            <Button size="xs" leftSection={<IconSignature size={14} aria-hidden />} disabled={!ready} onClick={() => setSigning(true)}>
              Confirm eligibility
            </Button>
          )
        )
      }
    >
      <Stack gap="xs">
        {confirmed && eligibility.confirmedAt && (
          <Text size="sm">
            Confirmed by the investigator on <SiteTime instant={eligibility.confirmedAt} zone={page.studySite.timeZone} />, signed
            electronically.
          </Text>
        )}
        {eligibility.criteria.length === 0 && (
          <Text size="sm" c="dimmed">
            {eligibility.protocolVersionId
              ? 'The protocol in force at the site lists no criteria.'
              : 'No protocol version is in force at this site yet: approve one to see its criteria.'}
          </Text>
        )}
        {!confirmed && eligibility.criteria.length > 0 && (
          <Text size="sm" c="dimmed">
            {unanswered > 0
              ? `${unanswered} of ${eligibility.criteria.length} criteria still to answer.`
              : blocking.length > 0
                ? `Not eligible: ${blocking.map((criterion) => `${criterion.kind === 'inclusion' ? 'I' : 'E'}${criterion.number}`).join(', ')}.`
                : 'Every criterion answered: all inclusion met, no exclusion met.'}
          </Text>
        )}
        {(['inclusion', 'exclusion'] as const).map((kind) => {
          const criteria = eligibility.criteria.filter((criterion) => criterion.kind === kind);
          if (criteria.length === 0) return null;
          return (
            <Stack gap={6} key={kind}>
              <Text fw={600} size="sm" mt="xs">
                {kind === 'inclusion' ? 'Inclusion criteria' : 'Exclusion criteria'}
              </Text>
              {criteria.map((criterion) => {
                const answer = draft[criterion.criterionId] ?? { met: '', note: '' };
                const isBlocking = answer.met !== '' && blocks(kind, answer.met === 'met');
                return (
                  <Group
                    key={criterion.criterionId}
                    wrap="nowrap"
                    align="flex-start"
                    gap="sm"
                    p="xs"
                    style={{ borderRadius: 6, border: '1px solid var(--mantine-color-gray-3)' }}
                    bg={isBlocking ? 'red.0' : undefined}
                  >
                    <Text size="sm" fw={600} w={36} ff="monospace">
                      {kind === 'inclusion' ? 'I' : 'E'}
                      {criterion.number}
                    </Text>
                    <Stack gap={4} style={{ flex: 1 }}>
                      <Text size="sm">{criterion.text}</Text>
                      {editable ? (
                        <TextInput
                          size="xs"
                          placeholder="Note (source, value…)"
                          aria-label={`Note for criterion ${criterion.number}`}
                          value={answer.note}
                          onChange={(event) => {
                            const note = event.currentTarget.value;
                            setDraft((current) => ({ ...current, [criterion.criterionId]: { ...answer, note } }));
                          }}
                        />
                      ) : (
                        criterion.note && (
                          <Text size="xs" c="dimmed">
                            {criterion.note}
                          </Text>
                        )
                      )}
                    </Stack>
                    {editable ? (
                      <SegmentedControl
                        size="xs"
                        aria-label={`${criterion.kind === 'inclusion' ? 'Inclusion' : 'Exclusion'} ${criterion.number}`}
                        value={answer.met}
                        onChange={(value) =>
                          setDraft((current) => ({ ...current, [criterion.criterionId]: { ...answer, met: value as 'met' | 'not_met' } }))
                        }
                        data={[
                          { value: 'met', label: 'Met' },
                          { value: 'not_met', label: 'Not met' },
                        ]}
                      />
                    ) : (
                      <Badge
                        variant="light"
                        radius="sm"
                        tt="none"
                        color={criterion.met === null ? 'gray' : blocks(kind, criterion.met) ? 'red' : 'green'}
                      >
                        {criterion.met === null ? 'Not answered' : criterion.met ? 'Met' : 'Not met'}
                      </Badge>
                    )}
                  </Group>
                );
              })}
            </Stack>
          );
        })}
        {editable && eligibility.criteria.length > 0 && (
          <Group justify="flex-end" mt="xs">
            <ProblemAlert error={save.error} onReload={() => invalidateParticipant(queryClient)} />
            <Button
              size="xs"
              variant={changed ? 'filled' : 'default'}
              disabled={!changed}
              loading={save.isPending}
              onClick={() => save.mutate()}
            >
              Save answers
            </Button>
          </Group>
        )}
        {!confirmed && canConfirm && changed && (
          <Alert color="yellow" variant="light">
            Save the answers before confirming eligibility.
          </Alert>
        )}
      </Stack>
      <SignatureModal
        opened={signing}
        onClose={() => setSigning(false)}
        title="Confirm eligibility"
        subject={
          <>
            You confirm that participant <strong>{participant.subjectNumber}</strong> meets every inclusion criterion and no exclusion
            criterion of the protocol in force, as answered above. You must be delegated "assess eligibility" at this site today.
          </>
        }
        meanings={['approval']}
        sign={({ password }) => confirmEligibility(participant.id, etag, password)}
        onSigned={() => {
          invalidateParticipant(queryClient, participant.id);
          notifications.show({ color: 'green', title: 'Eligibility confirmed', message: participant.subjectNumber });
        }}
        onReload={() => invalidateParticipant(queryClient)}
      />
    </SectionCard>
  );
}
