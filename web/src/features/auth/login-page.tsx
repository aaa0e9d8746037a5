import { Alert, Box, Button, Center, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../app/api-client';
import { logIn, useHealth, useSession } from './auth-api';
import { DemoAccounts } from './demo-accounts';

/** Only same-app paths are followed after login, never another origin. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const navigate = useNavigate();
  const session = useSession();
  const health = useHealth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({ mutationFn: () => logIn(email, password), onSuccess: () => navigate(next, { replace: true }) });

  if (session.data) return <Navigate to={next} replace />;

  return (
    <Center mih="100vh" bg="gray.1" p="md">
      <Stack w={420} gap="lg">
        <Box ta="center">
          <Title order={1} size="h2">
            Trialdesk
          </Title>
          <Text c="dimmed" size="sm">
            Clinical trial operations, one picture for sponsors, CROs, SMOs and sites
          </Text>
        </Box>
        <Box
          component="form"
          bg="white"
          p="xl"
          style={{ borderRadius: 8, boxShadow: 'var(--mantine-shadow-sm)' }}
          onSubmit={(event) => {
            event.preventDefault();
            login.mutate();
          }}
        >
          <Stack>
            <Title order={2} size="h4">
              Log in
            </Title>
            {searchParams.has('next') && !login.error && (
              <Text size="sm" c="dimmed">
                Log in to continue where you were.
              </Text>
            )}
            {login.error && (
              <Alert color="red" role="alert" title={isApiError(login.error, 423) ? 'Account locked' : 'Could not log in'}>
                {loginMessage(login.error)}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              data-autofocus
              autoFocus
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              // Mantine's default toggle label contains "password", which makes the field's label ambiguous.
              visibilityToggleButtonProps={{ 'aria-label': 'Show or hide what you typed' }}
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
            <Button type="submit" loading={login.isPending} fullWidth>
              Log in
            </Button>
          </Stack>
        </Box>
        {health.data?.database === 'embedded' && (
          <DemoAccounts
            onPick={(pickedEmail, pickedPassword) => {
              setEmail(pickedEmail);
              setPassword(pickedPassword);
            }}
          />
        )}
      </Stack>
    </Center>
  );
}

function loginMessage(error: unknown): string {
  if (isApiError(error, 401)) return 'The e-mail or password is not right. Check both and try again.';
  if (isApiError(error, 423)) {
    return error.problem.detail ?? 'Too many failed logins: this account is locked for a while.';
  }
  if (isApiError(error)) return error.problem.detail ?? error.problem.title;
  return 'Something went wrong. Try again.';
}
