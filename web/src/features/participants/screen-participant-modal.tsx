import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { DateField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { siteToday } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { invalidateParticipant, participantOf, screenParticipant } from './participant-api';
import type { PrescreenCandidate } from './participant-types';
import { studySiteOption, useStudySites } from './scope-options';

interface ScreenValues extends Record<string, unknown> {
  studySiteId: string;
  screenedOn: string;
  consentLanguage: string;
  fullName: string;
  dateOfBirth: string;
  phone: string;
  email: string;
}

interface ScreenModalProps {
  opened: boolean;
  onClose: () => void;
  studyId: string;
  /** Fixed when screening from a study-site's page or from a candidate of its pre-screening log. */
  studySiteId?: string;
  /** The fixed study-site's zone; without one, the zone of the site chosen in the form. */
  timeZone?: string;
  candidate?: PrescreenCandidate | null;
}

export function ScreenParticipantModal({ opened, onClose, ...props }: ScreenModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{props.candidate ? 'Screen this candidate' : 'Screen a participant'}</Text>}
      size="lg"
    >
      {opened && <ScreenForm onClose={onClose} {...props} />}
    </Modal>
  );
}

function ScreenForm({ onClose, studyId, studySiteId, timeZone, candidate }: Omit<ScreenModalProps, 'opened'>) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mayIdentify = useCan('participant.identify');
  const studySites = useStudySites(studySiteId ? undefined : studyId);
  const form = useForm<ScreenValues>({
    initialValues: {
      studySiteId: studySiteId ?? candidate?.studySiteId ?? '',
      // The site's today; blank until the site is chosen, as a day is only today somewhere.
      screenedOn: timeZone ? siteToday(timeZone) : '',
      consentLanguage: 'en-US',
      fullName: '',
      dateOfBirth: '',
      phone: '',
      email: '',
    },
    validate: { studySiteId: (value) => (value ? null : 'Choose the site.') },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      const identity =
        mayIdentify && !candidate && values.fullName.trim()
          ? {
              fullName: values.fullName.trim(),
              dateOfBirth: values.dateOfBirth || null,
              phone: values.phone.trim() || null,
              email: values.email.trim() || null,
            }
          : undefined;
      return screenParticipant(studyId, values.studySiteId, {
        screenedOn: values.screenedOn,
        consentLanguage: values.consentLanguage.trim() || 'en-US',
        ...(candidate ? { candidateId: candidate.id } : {}),
        ...(identity ? { identity } : {}),
      });
    },
    (answer) => {
      const participant = participantOf(answer);
      invalidateParticipant(queryClient, participant.id);
      notifications.show({ color: 'green', title: 'Participant screened', message: `Subject number ${participant.subjectNumber}` });
      onClose();
      navigate(`/participants/${participant.id}`);
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        {!studySiteId && !candidate && (
          <Select
            label="Site"
            required
            searchable
            placeholder={studySites.isPending ? 'Loading the sites…' : 'Choose the site'}
            data={(studySites.data ?? []).map(studySiteOption)}
            {...form.getInputProps('studySiteId')}
            onChange={(value) => {
              form.setFieldValue('studySiteId', value ?? '');
              const zone = studySites.data?.find((site) => site.id === value)?.timeZone;
              if (zone && !form.isTouched('screenedOn')) form.setFieldValue('screenedOn', siteToday(zone));
            }}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField
            label="Screening date"
            description={form.getValues().studySiteId ? "The site's calendar day" : "The site's calendar day: choose the site first"}
            required
            w="100%"
            {...form.getInputProps('screenedOn')}
          />
          <TextInput
            label="Consent language"
            description="BCP 47 tag of the consent form, e.g. en-US, es-US"
            required
            {...form.getInputProps('consentLanguage')}
          />
        </SimpleGrid>
        {candidate && (
          <Text size="sm" c="dimmed">
            The participant is created from the pre-screening candidate
            {candidate.identity?.fullName ? ` ${candidate.identity.fullName}` : ''}; their identifying details stay with the site.
          </Text>
        )}
        {mayIdentify && !candidate && (
          <>
            <Text size="sm" fw={600} mt="xs">
              Identifying details
            </Text>
            <Text size="xs" c="dimmed" mt={-8}>
              Optional. Kept apart from the study record and shown only to site staff; sponsors and monitors see the subject number only.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Full name" autoComplete="off" {...form.getInputProps('fullName')} />
              <DateField label="Date of birth" w="100%" {...form.getInputProps('dateOfBirth')} />
              <TextInput label="Phone" autoComplete="off" {...form.getInputProps('phone')} />
              <TextInput label="E-mail" type="email" autoComplete="off" {...form.getInputProps('email')} />
            </SimpleGrid>
          </>
        )}
        <Text size="xs" c="dimmed">
          The subject number is assigned by the server from the study's format.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Screen
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
