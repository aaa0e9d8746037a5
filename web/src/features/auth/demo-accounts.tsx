import { Anchor, Paper, Stack, Text } from '@mantine/core';

const demoPassword = 'trialdesk-demo';

const demoAccounts = [
  { email: 'admin@demo.trialdesk.dev', role: 'Platform admin' },
  { email: 'studymanager@demo.trialdesk.dev', role: 'Study manager (Northwind)' },
  { email: 'studymanager2@demo.trialdesk.dev', role: 'Study manager (Helios)' },
  { email: 'cra@demo.trialdesk.dev', role: 'CRA / monitor' },
  { email: 'coordinator@demo.trialdesk.dev', role: 'Study coordinator' },
  { email: 'networklead@demo.trialdesk.dev', role: 'SMO network lead' },
  { email: 'investigator@demo.trialdesk.dev', role: 'Investigator' },
  { email: 'auditor@demo.trialdesk.dev', role: 'Auditor' },
  { email: 'unblinded@demo.trialdesk.dev', role: 'Unblinded statistician (AURORA)' },
];

/** Shown only on the embedded demo database, where these accounts exist and hold no real data. */
export function DemoAccounts({ onPick }: { onPick: (email: string, password: string) => void }) {
  return (
    <Paper withBorder p="md" radius="md" bg="gray.0" aria-labelledby="demo-accounts-title">
      <Text fw={600} size="sm" id="demo-accounts-title">
        Demo accounts
      </Text>
      <Text size="xs" c="dimmed" mb="xs">
        Password for all: <code>{demoPassword}</code>. Click one to fill the form.
      </Text>
      <Stack gap={4}>
        {demoAccounts.map((account) => (
          <Text size="sm" key={account.email}>
            <Anchor component="button" type="button" size="sm" onClick={() => onPick(account.email, demoPassword)}>
              {account.email}
            </Anchor>{' '}
            <Text span size="xs" c="dimmed">
              {account.role}
            </Text>
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}
