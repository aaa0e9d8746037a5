import { Alert, Button, CopyButton, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { formatInstant } from '../../lib/dates';
import { createCalendarFeed, invalidateFeeds, revokeCalendarFeed, useCalendarFeeds } from './calendar-api';

/** Secret iCalendar addresses for the user's own visits; the address is shown once, and revoking ends it at once. */
export function CalendarFeeds() {
  const queryClient = useQueryClient();
  const feeds = useCalendarFeeds();
  const [createdUrl, setCreatedUrl] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: createCalendarFeed,
    onSuccess: (feed) => {
      invalidateFeeds(queryClient);
      setCreatedUrl(new URL(feed.url, window.location.origin).toString());
    },
  });
  const revoke = useMutation({
    mutationFn: revokeCalendarFeed,
    onSuccess: () => {
      invalidateFeeds(queryClient);
      notifications.show({ color: 'green', title: 'Feed revoked', message: 'Calendar apps using it get nothing from now on.' });
    },
  });
  const items = feeds.data ?? [];
  return (
    <SectionCard
      title="Calendar feeds"
      actions={
        <Button
          size="xs"
          leftSection={<IconCalendarPlus size={14} aria-hidden />}
          loading={create.isPending}
          onClick={() => create.mutate()}
        >
          New feed
        </Button>
      }
    >
      <Text size="sm" c="dimmed" mb="sm">
        Subscribe to your visits in Outlook, Google or Apple Calendar. Events show subject numbers, never names. Anyone with the address can
        read it: revoke a feed you no longer use.
      </Text>
      <ProblemAlert error={create.error ?? revoke.error} />
      {feeds.isError && <ProblemAlert error={feeds.error} />}
      {feeds.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          No feeds yet.
        </Text>
      )}
      {items.length > 0 && (
        <Table verticalSpacing="xs" aria-label="Calendar feeds">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Created</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((feed) => (
              <Table.Tr key={feed.id}>
                <Table.Td>{formatInstant(feed.createdAt)}</Table.Td>
                <Table.Td>{feed.revokedAt ? `Revoked ${formatInstant(feed.revokedAt)}` : 'Active'}</Table.Td>
                <Table.Td ta="right">
                  {!feed.revokedAt && (
                    <Button
                      size="xs"
                      color="red"
                      variant="light"
                      loading={revoke.isPending && revoke.variables === feed.id}
                      onClick={() => revoke.mutate(feed.id)}
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal
        opened={createdUrl !== null}
        onClose={() => setCreatedUrl(null)}
        title={<Text fw={600}>Your new calendar feed</Text>}
        size="lg"
      >
        <Stack>
          <Alert color="yellow" variant="light">
            Copy the address now: it is shown only once. Paste it into your calendar app as a subscription ("From URL").
          </Alert>
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              label="Feed address"
              value={createdUrl ?? ''}
              readOnly
              style={{ flex: 1 }}
              onFocus={(event) => event.currentTarget.select()}
            />
            <CopyButton value={createdUrl ?? ''}>
              {({ copied, copy }) => (
                <Button
                  onClick={copy}
                  color={copied ? 'teal' : undefined}
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                >
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setCreatedUrl(null)}>
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>
    </SectionCard>
  );
}
