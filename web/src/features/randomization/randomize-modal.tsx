import { Alert, Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowsShuffle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { DateField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { siteToday } from '../../lib/dates';
import type { Participant } from '../participants/participant-types';
import { invalidateRandomization, randomizeParticipant, useRandomizationScheme } from './randomization-api';

interface RandomizeModalProps {
  participant: Participant;
  /** The study-site's zone: enrollment is on the site's day, as the server judges "not in the future". */
  timeZone: string;
  opened: boolean;
  onClose: () => void;
}

export function RandomizeModal({ opened, onClose, ...props }: RandomizeModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Randomize {props.participant.subjectNumber}</Text>}>
      {opened && <RandomizeForm onClose={onClose} {...props} />}
    </Modal>
  );
}

interface RandomizeValues extends Record<string, unknown> {
  enrolledOn: string;
  strata: Record<string, string>;
}

function RandomizeForm({ participant, timeZone, onClose }: Omit<RandomizeModalProps, 'opened'>) {
  const queryClient = useQueryClient();
  const scheme = useRandomizationScheme(participant.studyId);
  const factors = scheme.data?.record.strataFactors ?? [];
  const form = useForm<RandomizeValues>({
    initialValues: { enrolledOn: siteToday(timeZone), strata: {} },
    validate: {
      strata: (value) => (factors.some((factor) => !value[factor.code]) ? 'Choose a level for every stratification factor.' : null),
    },
  });
  const submit = useFormMutation(
    form,
    (values) => randomizeParticipant(participant.id, { strata: values.strata, enrolledOn: values.enrolledOn }),
    (result) => {
      invalidateRandomization(queryClient);
      const number = result.randomizationNumber;
      const arm = result.arm?.name;
      notifications.show({
        color: 'green',
        title: 'Participant randomized',
        message: `${participant.subjectNumber}${number ? `: randomization number ${number}` : ''}${arm ? `, arm ${arm}` : ''}`,
      });
      onClose();
    },
  );
  const strataError = form.errors.strata;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        {scheme.isError && <ProblemAlert error={scheme.error} />}
        <Text size="sm">
          The participant must be consented and their eligibility confirmed by the investigator. The allocation is made by the server and
          cannot be undone.
        </Text>
        {factors.map((factor) => (
          <NativeSelect
            key={factor.code}
            label={factor.label}
            required
            data={[{ value: '', label: 'Choose…' }, ...factor.levels.map((level) => ({ value: level.code, label: level.label }))]}
            value={form.getValues().strata[factor.code] ?? ''}
            onChange={(event) => form.setFieldValue('strata', { ...form.getValues().strata, [factor.code]: event.currentTarget.value })}
          />
        ))}
        {scheme.isSuccess && factors.length === 0 && (
          <Text size="sm" c="dimmed">
            This study's scheme has no stratification factors.
          </Text>
        )}
        {strataError && (
          <Alert color="red" variant="light">
            {strataError}
          </Alert>
        )}
        <DateField label="Enrollment date" description="The site's calendar day; not in the future" {...form.getInputProps('enrolledOn')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={submit.isPending}
            leftSection={<IconArrowsShuffle size={16} aria-hidden />}
            disabled={scheme.isPending}
          >
            Randomize
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
