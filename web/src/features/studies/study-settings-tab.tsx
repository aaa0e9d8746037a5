import { Divider, Stack } from '@mantine/core';
import { useCan } from '../auth/auth-api';
import { DocumentRulesPanel } from '../documents/document-rules-panel';
import { MilestoneTemplateEditor } from '../milestones/milestone-template-editor';

/** What the study asks of every site: expected documents and the start-up milestones. */
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
    </Stack>
  );
}
