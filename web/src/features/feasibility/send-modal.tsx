import { Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { usePagedList } from '../../lib/use-paged-list';
import { studySiteKeys } from '../study-sites/study-site-api';
import { invalidateFeasibility, type Questionnaire, sendQuestionnaire } from './feasibility-api';

/** Sends the questionnaire to candidate sites; once sent it is frozen (a change makes a new revision). */
export function SendModal({
  questionnaire,
  opened,
  onClose,
  alreadyInvited,
}: {
  questionnaire: Questionnaire;
  opened: boolean;
  onClose: () => void;
  alreadyInvited: string[];
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Send to candidate sites</Text>} size="lg">
      {opened && <SendForm questionnaire={questionnaire} onClose={onClose} alreadyInvited={alreadyInvited} />}
    </Modal>
  );
}

function SendForm({
  questionnaire,
  onClose,
  alreadyInvited,
}: {
  questionnaire: Questionnaire;
  onClose: () => void;
  alreadyInvited: string[];
}) {
  const queryClient = useQueryClient();
  const candidates = usePagedList(studySiteKeys.ofStudy(questionnaire.studyId), '/api/studies/{id}/sites', {
    path: { id: questionnaire.studyId },
    query: {
      status: 'candidate',
      sort: 'siteNumber',
    },
  });
  const [chosen, setChosen] = useState<string[]>([]);
  const send = useMutation({
    mutationFn: () => sendQuestionnaire(questionnaire, chosen),
    onSuccess: (result) => {
      invalidateFeasibility(queryClient);
      notifications.show({ color: 'green', title: 'Questionnaire sent', message: `${result.items.length} site(s) invited.` });
      onClose();
    },
  });
  const open = candidates.items.filter((site) => !alreadyInvited.includes(site.id));
  return (
    <Stack>
      <ProblemAlert error={send.error} />
      <Text size="sm">Only sites in status candidate can be invited. Sites answer in Trialdesk under Feasibility.</Text>
      {candidates.isPending && <Text c="dimmed">Loading candidate sites…</Text>}
      {candidates.isSuccess && open.length === 0 && (
        <Text c="dimmed">No candidate site left to invite. Add candidate sites on the Sites tab.</Text>
      )}
      <Checkbox.Group label="Candidate sites" value={chosen} onChange={setChosen}>
        <Stack gap={6} mt={6}>
          {open.map((site) => (
            <Checkbox key={site.id} value={site.id} label={`${site.siteNumber} · ${site.siteName}${site.city ? `, ${site.city}` : ''}`} />
          ))}
        </Stack>
      </Checkbox.Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button disabled={chosen.length === 0} loading={send.isPending} onClick={() => send.mutate()}>
          Send to {chosen.length} site{chosen.length === 1 ? '' : 's'}
        </Button>
      </Group>
    </Stack>
  );
}
