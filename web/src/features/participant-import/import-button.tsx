import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconFileImport } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useCan } from '../auth/auth-api';
import { useStudySites } from '../participants/scope-options';
import { participantImportPath } from './participant-import-api';

/**
 * "Import from CSV" for a participants list: an import goes into one study-site, so with a study
 * chosen it lists that study's sites; the server still decides where the user may import.
 */
export function ImportParticipantsButton({ studyId }: { studyId: string | undefined }) {
  const canWrite = useCan('participant.write');
  const studySites = useStudySites(canWrite ? studyId : undefined);
  if (!canWrite) return null;
  const sites = studySites.data ?? [];
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconFileImport size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          disabled={!studyId || sites.length === 0}
          title={studyId ? undefined : 'Choose a study first'}
        >
          Import from CSV
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Into which site?</Menu.Label>
        {sites.map((studySite) => (
          <Menu.Item key={studySite.id} component={Link} to={participantImportPath(studySite.studyId, studySite.id)}>
            {studySite.siteNumber} · {studySite.siteName}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
