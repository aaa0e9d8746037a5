import { Anchor, AppShell, Box, Burger, Button, Group, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLogout } from '@tabler/icons-react';
import { Link, Outlet, useNavigate } from 'react-router';
import { logOut, useHealth, useSession } from '../features/auth/auth-api';
import { NotificationBell } from '../features/notifications/notification-bell';
import { DemoBanner } from './demo-banner';
import { Navigation } from './navigation';

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { data: session } = useSession();
  const { data: health } = useHealth();
  const navigate = useNavigate();
  const headerHeight = health?.database === 'embedded' ? 88 : 60;

  return (
    <AppShell header={{ height: headerHeight }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <DemoBanner />
        <Group h={60} px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h3">
              <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>
                Trialdesk
              </Link>
            </Title>
          </Group>
          {session && (
            <Group gap="md" wrap="nowrap">
              <NotificationBell />
              <Box ta="right" visibleFrom="xs">
                <Anchor component={Link} to="/settings" size="sm" fw={600} lh={1.2} display="block" c="inherit" title="Your settings">
                  {session.user.fullName}
                </Anchor>
                <Text size="xs" c="dimmed" lh={1.2}>
                  {session.user.organizationName}
                </Text>
              </Box>
              <Button
                variant="default"
                size="xs"
                leftSection={<IconLogout size={14} aria-hidden />}
                onClick={async () => {
                  await logOut();
                  navigate('/login', { replace: true });
                }}
              >
                Log out
              </Button>
            </Group>
          )}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <Navigation onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        <Box maw={1280} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
