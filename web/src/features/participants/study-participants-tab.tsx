import { Button, Group, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { useCan } from '../auth/auth-api';
import { ImportParticipantsButton } from '../participant-import/import-button';
import { ParticipantsTable } from './participants-table';
import { PrescreeningSummary } from './prescreening-summary';
import { studySiteOption, useStudySites } from './scope-options';
import { ScreenParticipantModal } from './screen-participant-modal';

/** A study's participants across its sites, and its pre-screening in numbers. */
export function StudyParticipantsTab({ studyId }: { studyId: string }) {
  const studySites = useStudySites(studyId);
  const canScreen = useCan('participant.write');
  const [screening, screen] = useDisclosure();
  return (
    <Stack gap="xl">
      <div>
        {canScreen && (
          <Group justify="flex-end" mb="xs" gap="sm">
            <ImportParticipantsButton studyId={studyId} />
            <Button size="sm" leftSection={<IconUserPlus size={16} aria-hidden />} onClick={screen.open}>
              Screen a participant
            </Button>
          </Group>
        )}
        <ParticipantsTable studyId={studyId} siteOptions={(studySites.data ?? []).map(studySiteOption)} />
      </div>
      <PrescreeningSummary studyId={studyId} />
      <ScreenParticipantModal opened={screening} onClose={screen.close} studyId={studyId} />
    </Stack>
  );
}
