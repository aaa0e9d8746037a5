import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { useFormMutation } from '../../components/use-form-mutation';
import { useCan } from '../auth/auth-api';
import { participantKeys, updateParticipantSettings, useParticipantSettings } from './participant-api';

/** How the server numbers a study's participants: {site}, {study} and {seq:N}. */
export function SubjectNumberSettings({ studyId }: { studyId: string }) {
  const settings = useParticipantSettings(studyId);
  const canConfigure = useCan('randomization.configure');
  return (
    <SectionCard title="Subject numbers" framed={false}>
      {settings.isError && <ProblemAlert error={settings.error} />}
      {settings.data &&
        (canConfigure ? (
          <SettingsForm studyId={studyId} format={settings.data.record.subjectNumberFormat} etag={settings.data.etag} />
        ) : (
          <Text size="sm">
            Format <strong>{settings.data.record.subjectNumberFormat}</strong>
          </Text>
        ))}
    </SectionCard>
  );
}

function SettingsForm({ studyId, format, etag }: { studyId: string; format: string; etag: string }) {
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { subjectNumberFormat: format } });
  const submit = useFormMutation(
    form,
    (values) => updateParticipantSettings(studyId, etag, { subjectNumberFormat: values.subjectNumberFormat.trim() }),
    () => {
      queryClient.invalidateQueries({ queryKey: participantKeys.settings(studyId) });
      notifications.show({ color: 'green', title: 'Subject number format saved', message: '' });
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack maw={560}>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <Group align="flex-end">
          <TextInput
            label="Format"
            description="{site} = site number, {study} = study short name, {seq:3} = the site's sequence on 3 digits (required)"
            style={{ flex: 1 }}
            {...form.getInputProps('subjectNumberFormat')}
          />
          <Button type="submit" loading={submit.isPending} disabled={!form.isDirty()}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
