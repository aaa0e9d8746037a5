import { Button, Center, Code, Stack, Text, Title } from '@mantine/core';
import { useRouteError } from 'react-router';

/** A rendering bug must not leave a blank screen: say so and offer a way back. */
export function RouteError() {
  const error = useRouteError();
  return (
    <Center py={80} px="md">
      <Stack align="center" maw={560} ta="center">
        <Title order={2}>This page failed to load</Title>
        <Text c="dimmed">Reloading usually helps. If it happens again, tell your administrator what you were doing.</Text>
        {error instanceof Error && <Code block>{error.message}</Code>}
        <Button onClick={() => window.location.reload()}>Reload</Button>
      </Stack>
    </Center>
  );
}
