import { Button, Group, Menu, Modal, Radio, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconChevronDown } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DateField, ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { siteToday } from '../../lib/dates';
import { labelOf } from '../../lib/enum-labels';
import { changeParticipantStatus, invalidateParticipant, type StatusChange } from './participant-api';
import { type Participant, type ParticipantStatus, participantStatusOptions, withdrawalScopeOptions } from './participant-types';

type Target = StatusChange['status'];

const actionLabels: Record<Target, string> = {
  screen_failed: 'Screen failure',
  withdrawn: 'Withdraw',
  lost_to_follow_up: 'Lost to follow-up',
  completed: 'Complete the study',
  on_treatment: 'Start treatment',
  follow_up: 'Move to follow-up',
};

/** The moves a site records by hand (the server refuses any other with 409); enrollment is randomization's. */
const movesFrom: Record<ParticipantStatus, Target[]> = {
  screening: ['screen_failed', 'withdrawn', 'lost_to_follow_up'],
  screen_failed: [],
  enrolled: ['on_treatment', 'withdrawn', 'lost_to_follow_up', 'completed'],
  on_treatment: ['follow_up', 'withdrawn', 'lost_to_follow_up', 'completed'],
  follow_up: ['withdrawn', 'lost_to_follow_up', 'completed'],
  completed: [],
  withdrawn: ['lost_to_follow_up'],
  lost_to_follow_up: [],
};

/** `timeZone` is the study-site's: a status changes on the site's day. */
export function StatusActions({ participant, etag, timeZone }: { participant: Participant; etag: string; timeZone: string }) {
  const [target, setTarget] = useState<Target | null>(null);
  const moves = movesFrom[participant.status] ?? [];
  if (moves.length === 0) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" rightSection={<IconChevronDown size={14} aria-hidden />}>
            Change status
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {moves.map((move) => (
            <Menu.Item
              key={move}
              color={move === 'withdrawn' || move === 'screen_failed' || move === 'lost_to_follow_up' ? 'red' : undefined}
              onClick={() => setTarget(move)}
            >
              {actionLabels[move]}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal
        opened={target !== null}
        onClose={() => setTarget(null)}
        title={<Text fw={600}>{target ? `${actionLabels[target]} · ${participant.subjectNumber}` : ''}</Text>}
      >
        {target && <StatusForm participant={participant} etag={etag} timeZone={timeZone} target={target} onClose={() => setTarget(null)} />}
      </Modal>
    </>
  );
}

interface StatusValues extends Record<string, unknown> {
  on: string;
  scope: 'treatment' | 'study';
  reason: string;
}

const needsDate = (target: Target) => target !== 'on_treatment' && target !== 'follow_up';
const reasonRequired = (target: Target) => target !== 'completed';

function StatusForm({
  participant,
  etag,
  timeZone,
  target,
  onClose,
}: {
  participant: Participant;
  etag: string;
  timeZone: string;
  target: Target;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<StatusValues>({
    initialValues: { on: siteToday(timeZone), scope: 'study', reason: '' },
    validate: {
      on: (value) => (needsDate(target) && !value ? 'Enter the date.' : null),
      reason: (value) => (reasonRequired(target) && !value.trim() ? 'Give the reason: it is recorded in the audit trail.' : null),
    },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      const reason = values.reason.trim();
      const change: StatusChange =
        target === 'withdrawn'
          ? { status: target, scope: values.scope, on: values.on, reason }
          : target === 'completed'
            ? { status: target, on: values.on, reason: reason || null }
            : target === 'on_treatment' || target === 'follow_up'
              ? { status: target, reason }
              : { status: target, on: values.on, reason };
      return changeParticipantStatus(participant.id, etag, change);
    },
    () => {
      invalidateParticipant(queryClient, participant.id);
      notifications.show({
        color: 'green',
        title: 'Status changed',
        message: `${participant.subjectNumber}: ${labelOf(participantStatusOptions, target)}`,
      });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={() => invalidateParticipant(queryClient)} />
        {target === 'withdrawn' && (
          <Radio.Group label="Withdrawal from" required {...form.getInputProps('scope')}>
            <Stack gap={6} mt={6}>
              {withdrawalScopeOptions.map((option) => (
                <Radio key={option.value} value={option.value} label={option.label} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        {needsDate(target) && <DateField label="Date" description="The site's calendar day" required {...form.getInputProps('on')} />}
        <ReasonField required={reasonRequired(target)} {...form.getInputProps('reason')} />
        {(target === 'withdrawn' || target === 'screen_failed' || target === 'lost_to_follow_up') && (
          <Text size="xs" c="dimmed">
            {target === 'withdrawn' && form.getValues().scope === 'treatment'
              ? 'Scheduled treatment visits from that day are cancelled; follow-up visits stay.'
              : 'Every scheduled visit from that day is cancelled.'}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={submit.isPending}
            color={target === 'completed' || target === 'on_treatment' || target === 'follow_up' ? undefined : 'red'}
          >
            {actionLabels[target]}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
