import { Anchor, Divider, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useCan } from '../auth/auth-api';
import { IcfVersionsPanel } from './icf-versions-panel';
import { ProtocolVersionsPanel } from './protocol-versions-panel';
import { TrainingRequirementsPanel } from './training-requirements-panel';

/**
 * The study's set-up as the protocol defines it: protocol versions (arms, schedule, criteria),
 * consent form versions and the training each role needs. Site approvals are recorded on each
 * study-site's page; the randomization scheme on the Randomization tab.
 */
export function ProtocolSetupTab({ studyId }: { studyId: string }) {
  const canReadTraining = useCan('training.read');
  const canReadParticipants = useCan('participant.read');
  return (
    <Stack gap="xl">
      <ProtocolVersionsPanel studyId={studyId} />
      <Divider />
      <IcfVersionsPanel studyId={studyId} />
      {canReadTraining && (
        <>
          <Divider />
          <TrainingRequirementsPanel studyId={studyId} />
        </>
      )}
      <Text size="sm" c="dimmed">
        Each site records the IRB/IEC approval of a final protocol version and of a consent form on its own page (Sites tab).
        {canReadParticipants && (
          <>
            {' '}
            The randomization scheme is on the{' '}
            <Anchor component={Link} to={`/studies/${studyId}?tab=randomization`} size="sm">
              Randomization tab
            </Anchor>
            .
          </>
        )}
      </Text>
    </Stack>
  );
}
