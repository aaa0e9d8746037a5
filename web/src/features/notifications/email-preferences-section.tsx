import { Alert, Button, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import {
  type EmailPreferenceChange,
  type EmailPreferences,
  type EmailSetting,
  emailPreferencesKey,
  saveEmailPreferences,
  useEmailPreferences,
} from './email-preferences-api';

const settingChoices: { value: EmailSetting; label: string }[] = [
  { value: 'immediately', label: 'Immediately' },
  { value: 'digest', label: 'Daily digest' },
  { value: 'never', label: 'Not by e-mail' },
];

function PreferencesForm({ preferences }: { preferences: EmailPreferences }) {
  const queryClient = useQueryClient();
  const saved = Object.fromEntries(preferences.items.map((item) => [item.kind, item.setting]));
  const [chosen, setChosen] = useState<Record<string, EmailSetting>>(saved);
  useEffect(() => setChosen(Object.fromEntries(preferences.items.map((item) => [item.kind, item.setting]))), [preferences]);
  const changed: EmailPreferenceChange[] = preferences.items
    .filter((item) => chosen[item.kind] !== item.setting)
    .map((item) => ({ kind: item.kind, setting: chosen[item.kind] ?? item.setting }));
  const save = useMutation({
    mutationFn: () => saveEmailPreferences(changed),
    onSuccess: (answer) => {
      queryClient.setQueryData(emailPreferencesKey, answer);
      notifications.show({ color: 'green', title: 'E-mail settings saved', message: 'New messages reach you as you chose.' });
    },
  });
  const hour = `${String(preferences.digestHourUtc).padStart(2, '0')}:00 UTC`;
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        Every message also appears on your home page and under the bell. Choose which ones are e-mailed to you as they come, which wait for
        one daily digest (sent at {hour}, only when there is something in it), and which stay in the app.
      </Text>
      {!preferences.emailOn && (
        <Alert color="yellow" mb="sm" title="E-mail is off on this server">
          Your choices are kept, and apply once the administrator sets up e-mail (TRIALDESK_SMTP_HOST).
        </Alert>
      )}
      <ProblemAlert error={save.error} />
      <Table verticalSpacing="sm" aria-label="E-mail notifications">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Message</Table.Th>
            <Table.Th scope="col">By e-mail</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preferences.items.map((item) => (
            <Table.Tr key={item.kind}>
              <Table.Td>
                <Text size="sm">{item.label}</Text>
              </Table.Td>
              <Table.Td>
                <SegmentedControl
                  size="xs"
                  aria-label={`E-mail for: ${item.label}`}
                  data={settingChoices}
                  value={chosen[item.kind] ?? item.setting}
                  onChange={(value) => setChosen((current) => ({ ...current, [item.kind]: value as EmailSetting }))}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end" mt="md">
        <Button disabled={changed.length === 0} loading={save.isPending} onClick={() => save.mutate()}>
          Save e-mail settings
        </Button>
      </Group>
    </>
  );
}

/** The user's own choice, per kind of message, of how it reaches them by e-mail. */
export function EmailPreferencesSection() {
  const preferences = useEmailPreferences();
  return (
    <SectionCard title="E-mail notifications">
      <QueryBoundary query={preferences} what="your e-mail settings">
        {(data) => <PreferencesForm preferences={data} />}
      </QueryBoundary>
    </SectionCard>
  );
}
