import { Stack } from '@mantine/core';
import { PageHeader } from '../../components/page-header';
import { useSession } from '../auth/auth-api';
import { EmailPreferencesSection } from './email-preferences-section';

/** The signed-in user's own settings: reached from their name in the header. */
export function MySettingsPage() {
  const { data: session } = useSession();
  return (
    <>
      <PageHeader
        title="Your settings"
        subtitle={session ? `${session.user.fullName} · ${session.user.email}` : undefined}
        trail={[{ label: 'Home', to: '/' }, { label: 'Your settings' }]}
      />
      <Stack gap="lg">
        <EmailPreferencesSection />
      </Stack>
    </>
  );
}
