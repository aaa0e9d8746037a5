import { Divider, Stack } from '@mantine/core';
import { useCan } from '../auth/auth-api';
import { DocumentRulesPanel } from '../documents/document-rules-panel';
import { MilestoneTemplateEditor } from '../milestones/milestone-template-editor';
import { SafetySettings } from '../safety/safety-settings';

/** What the study asks of every site: expected documents, the start-up milestones and the safety clocks. */
export function StudySettingsTab({ studyId }: { studyId: string }) {
  const canReadMilestones = useCan('milestone.read');
  return (
    <Stack gap="xl">
      <DocumentRulesPanel studyId={studyId} />
      {canReadMilestones && (
        <>
          <Divider />
          <MilestoneTemplateEditor studyId={studyId} />
        </>
      )}
      <Divider />
      <SafetySettings studyId={studyId} />
    </Stack>
  );
}
