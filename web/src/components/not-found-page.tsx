import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

/** Also what a record outside the user's grants looks like: the API answers 404, never 403. */
export function NotFoundPage({ what = 'page' }: { what?: string }) {
  return (
    <Center py={80}>
      <Stack align="center" gap="sm" maw={440} ta="center">
        <Title order={2}>We could not find this {what}</Title>
        <Text c="dimmed">It may have been moved, the link may be mistyped, or your access does not include it.</Text>
        <Button component={Link} to="/studies" variant="light">
          Go to studies
        </Button>
      </Stack>
    </Center>
  );
}
