import { Button, Group, Paper, Select, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { useCan } from '../auth/auth-api';
import { ImportParticipantsButton } from '../participant-import/import-button';
import { ParticipantsTable } from './participants-table';
import { studySiteOption, useStudyOptions, useStudySites } from './scope-options';
import { ScreenParticipantModal } from './screen-participant-modal';

/** Every participant the user may see, narrowed to one study (and site) from the picker. */
export function ParticipantsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const studyId = searchParams.get('study') ?? '';
  const studies = useStudyOptions();
  const studySites = useStudySites(studyId || undefined);
  const canScreen = useCan('participant.write');
  const [screening, screen] = useDisclosure();

  return (
    <>
      <PageHeader
        title="Participants"
        subtitle="By subject number. Names are shown to site staff only."
        actions={
          canScreen && (
            <>
              <ImportParticipantsButton studyId={studyId || undefined} />
              <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={screen.open} disabled={!studyId}>
                Screen a participant
              </Button>
            </>
          )
        }
      />
      <Paper withBorder radius="md" p="md">
        <Group mb="sm" align="flex-end">
          <Select
            label="Study"
            placeholder="All studies"
            clearable
            searchable
            data={studies.data ?? []}
            value={studyId || null}
            onChange={(value) =>
              setSearchParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  if (value) next.set('study', value);
                  else next.delete('study');
                  next.delete('pstudySiteId');
                  return next;
                },
                { replace: true },
              )
            }
            w={{ base: '100%', sm: 320 }}
          />
          {canScreen && !studyId && (
            <Text size="sm" c="dimmed" pb={8}>
              Choose a study to screen or import participants.
            </Text>
          )}
        </Group>
        <ParticipantsTable
          studyId={studyId || undefined}
          studyOptions={studies.data}
          siteOptions={(studySites.data ?? []).map(studySiteOption)}
        />
      </Paper>
      {studyId && <ScreenParticipantModal opened={screening} onClose={screen.close} studyId={studyId} />}
    </>
  );
}
