import { Box, Text } from '@mantine/core';
import { useHealth } from '../features/auth/auth-api';

/** The embedded database has no fsync and a public demo password: nobody should mistake it for production. */
export function DemoBanner() {
  const { data } = useHealth();
  if (data?.database !== 'embedded') return null;
  return (
    <Box bg="yellow.3" px="md" py={4} role="note" aria-label="Demo database warning">
      <Text size="sm" fw={600} ta="center" c="dark.8">
        Demo database — not for real trials
      </Text>
    </Box>
  );
}
