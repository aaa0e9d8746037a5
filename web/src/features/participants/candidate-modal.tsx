import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { DateField, ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { siteToday } from '../../lib/dates';
import { selectData } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { createCandidate, invalidateParticipant, updateCandidate } from './participant-api';
import {
  type CandidateOutcome,
  type CandidateSource,
  candidateOutcomeOptions,
  candidateSourceOptions,
  type PrescreenCandidate,
} from './participant-types';

interface CandidateModalProps {
  studyId: string;
  studySiteId: string;
  /** The study-site's zone: a candidate is pre-screened on the site's day. */
  timeZone: string;
  candidate: PrescreenCandidate | 'new' | null;
  onClose: () => void;
}

export function CandidateModal({ candidate, onClose, ...props }: CandidateModalProps) {
  return (
    <Modal
      opened={candidate !== null}
      onClose={onClose}
      title={<Text fw={600}>{candidate === 'new' ? 'Add a candidate' : 'Edit the candidate'}</Text>}
      size="lg"
    >
      {candidate && <CandidateForm candidate={candidate === 'new' ? null : candidate} onClose={onClose} {...props} />}
    </Modal>
  );
}

interface CandidateValues extends Record<string, unknown> {
  source: CandidateSource;
  prescreenedOn: string;
  outcome: CandidateOutcome;
  outcomeReason: string;
  fullName: string;
  dateOfBirth: string;
  phone: string;
  email: string;
  reason: string;
}

/** 'screened' is set by screening the candidate, never by this form. */
const isSettable = (outcome: CandidateOutcome): outcome is Exclude<CandidateOutcome, 'screened'> => outcome !== 'screened';

const needsReason = (outcome: CandidateOutcome) => !['pending', 'to_screen', 'screened'].includes(outcome);

function CandidateForm({
  studyId,
  studySiteId,
  timeZone,
  candidate,
  onClose,
}: Omit<CandidateModalProps, 'candidate'> & { candidate: PrescreenCandidate | null }) {
  const queryClient = useQueryClient();
  const mayIdentify = useCan('participant.identify');
  const identity = candidate?.identity;
  const form = useForm<CandidateValues>({
    initialValues: {
      source: candidate?.source ?? 'referral',
      prescreenedOn: candidate?.prescreenedOn ?? siteToday(timeZone),
      outcome: candidate?.outcome ?? 'pending',
      outcomeReason: candidate?.outcomeReason ?? '',
      fullName: identity?.fullName ?? '',
      dateOfBirth: identity?.dateOfBirth ?? '',
      phone: identity?.phone ?? '',
      email: identity?.email ?? '',
      reason: '',
    },
    validate: {
      outcomeReason: (value, values) => (needsReason(values.outcome) && !value.trim() ? 'Say why the candidate is not screened.' : null),
    },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      const identityInput =
        mayIdentify && values.fullName.trim()
          ? {
              fullName: values.fullName.trim(),
              dateOfBirth: values.dateOfBirth || null,
              phone: values.phone.trim() || null,
              email: values.email.trim() || null,
            }
          : undefined;
      const body = {
        source: values.source,
        prescreenedOn: values.prescreenedOn,
        ...(isSettable(values.outcome) ? { outcome: values.outcome } : {}),
        outcomeReason: needsReason(values.outcome) ? values.outcomeReason.trim() : null,
        ...(identityInput ? { identity: identityInput } : {}),
        reason: values.reason.trim() || null,
      };
      return candidate ? updateCandidate(candidate, body) : createCandidate(studyId, studySiteId, body);
    },
    () => {
      invalidateParticipant(queryClient);
      notifications.show({ color: 'green', title: candidate ? 'Candidate saved' : 'Candidate added', message: '' });
      onClose();
    },
  );
  const outcome = form.getValues().outcome;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={() => invalidateParticipant(queryClient)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect label="Source" required data={selectData(candidateSourceOptions)} {...form.getInputProps('source')} />
          <DateField label="Pre-screened on" required w="100%" {...form.getInputProps('prescreenedOn')} />
          <NativeSelect
            label="Outcome"
            required
            data={selectData(candidateOutcomeOptions).filter((option) => option.value !== 'screened')}
            {...form.getInputProps('outcome')}
          />
        </SimpleGrid>
        {needsReason(outcome) && (
          <TextInput label="Reason not screened" required maxLength={1000} {...form.getInputProps('outcomeReason')} />
        )}
        {mayIdentify && (
          <>
            <Text size="sm" fw={600} mt="xs">
              Identifying details
            </Text>
            <Text size="xs" c="dimmed" mt={-8}>
              Held apart and shown to site staff only; the sponsor sees counts and reasons.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Full name" autoComplete="off" {...form.getInputProps('fullName')} />
              <DateField label="Date of birth" w="100%" {...form.getInputProps('dateOfBirth')} />
              <TextInput label="Phone" autoComplete="off" {...form.getInputProps('phone')} />
              <TextInput label="E-mail" type="email" autoComplete="off" {...form.getInputProps('email')} />
            </SimpleGrid>
          </>
        )}
        {candidate && <ReasonField {...form.getInputProps('reason')} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
