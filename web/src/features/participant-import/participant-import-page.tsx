import { Alert, Anchor, Button, Code, Group, List, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconFileCheck, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { FileField } from '../../components/file-field';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { useCan } from '../auth/auth-api';
import { invalidateParticipant } from '../participants/participant-api';
import { useStudySite } from '../study-sites/study-site-api';
import type { StudySite } from '../study-sites/study-site-types';
import { ImportProblemsTable } from './import-problems-table';
import { type ImportFile, type ImportResult, importParticipants, importProblemsOf, templatePath } from './participant-import-api';

/** A chosen file, read as text in the browser: the API takes the CSV as JSON text. */
interface ChosenFile {
  name: string;
  text: string;
  rows: number;
}

async function readChosen(file: File): Promise<ChosenFile> {
  const text = await file.text();
  const lines = text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== '');
  return { name: file.name, text, rows: Math.max(lines.length - 1, 0) };
}

export function ParticipantImportPage() {
  const { studyId = '', studySiteId = '' } = useParams();
  const query = useStudySite(studyId, studySiteId);
  return (
    <QueryBoundary query={query} what="study site">
      {({ record }) => <ImportView studySite={record} />}
    </QueryBoundary>
  );
}

function ImportView({ studySite }: { studySite: StudySite }) {
  const canWrite = useCan('participant.write');
  const mayIdentify = useCan('participant.identify');
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<Partial<Record<ImportFile, ChosenFile>>>({});
  // Bumped after an import so the file inputs come back empty.
  const [pickerKey, setPickerKey] = useState(0);
  const send = (dryRun: boolean) =>
    importParticipants(studySite.studyId, studySite.id, {
      participantsCsv: files.participants?.text ?? '',
      visitsCsv: files.visits?.text,
      dryRun,
    });
  const check = useMutation({ mutationFn: () => send(true) });
  const run = useMutation({
    mutationFn: () => send(false),
    onSuccess: () => {
      invalidateParticipant(queryClient);
      setFiles({});
      check.reset();
      setPickerKey((key) => key + 1);
    },
  });

  const choose = async (which: ImportFile, file: File | null) => {
    // Whatever was checked no longer describes the files: check again before importing.
    check.reset();
    run.reset();
    const chosen = file ? await readChosen(file) : undefined;
    setFiles((current) => ({ ...current, [which]: chosen }));
  };

  const problems = importProblemsOf(check.error);
  const checkedClean = check.isSuccess && !run.isPending && !run.isSuccess;
  const listPath = `/participants?study=${studySite.studyId}&pstudySiteId=${studySite.id}`;

  return (
    <>
      <PageHeader
        title="Import participants"
        subtitle={`${studySite.studyShortName} · Site ${studySite.siteNumber} ${studySite.siteName}`}
        trail={[
          { label: 'Studies', to: '/studies' },
          { label: studySite.studyShortName, to: `/studies/${studySite.studyId}` },
          { label: `Site ${studySite.siteNumber}`, to: `/studies/${studySite.studyId}/sites/${studySite.id}` },
          { label: 'Import' },
        ]}
      />
      {!canWrite ? (
        <Alert color="gray" icon={<IconAlertTriangle />} title="Not allowed">
          Importing participants needs permission to record participants at this site.
        </Alert>
      ) : (
        <Stack>
          <SectionCard title="1. Fill in the templates">
            <Stack gap="sm">
              <Text size="sm">
                Two spreadsheets saved as CSV (UTF-8): the participants, one row each, and optionally the visits that already took place.
                Dates are the site's calendar days, written <Code>YYYY-MM-DD</Code>. The import is all or nothing: one problem anywhere and
                nothing is written.
              </Text>
              <List size="sm" spacing={2}>
                <List.Item>
                  Participants: <Code>subject_number</Code>, <Code>status</Code> and <Code>screened_on</Code> are required; consent,
                  enrollment and end-of-study columns as they apply.
                  {mayIdentify
                    ? ' Names, dates of birth, phones and e-mails stay with the site.'
                    : ' Leave the identity columns (full_name, date_of_birth, phone, email) empty: only site staff import them.'}
                </List.Item>
                <List.Item>
                  Visits: <Code>subject_number</Code>, <Code>visit_code</Code> (a visit of the protocol in force) and <Code>status</Code>{' '}
                  are required.
                </List.Item>
              </List>
              <Group gap="sm">
                <Button
                  component="a"
                  href={templatePath('participants')}
                  download
                  variant="default"
                  leftSection={<IconDownload size={16} aria-hidden />}
                >
                  Participants template
                </Button>
                <Button
                  component="a"
                  href={templatePath('visits')}
                  download
                  variant="default"
                  leftSection={<IconDownload size={16} aria-hidden />}
                >
                  Visits template
                </Button>
              </Group>
            </Stack>
          </SectionCard>

          <SectionCard title="2. Choose the files and check them">
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }} key={pickerKey}>
                <FileField
                  label="Participants file"
                  required
                  accept=".csv,text/csv"
                  disabled={run.isPending}
                  description={describe(files.participants, 'participant')}
                  onChange={(file) => choose('participants', file)}
                />
                <FileField
                  label="Visits file (optional)"
                  accept=".csv,text/csv"
                  disabled={run.isPending}
                  description={describe(files.visits, 'visit')}
                  onChange={(file) => choose('visits', file)}
                />
              </SimpleGrid>
              <Group>
                <Button
                  variant={checkedClean ? 'default' : 'filled'}
                  leftSection={<IconFileCheck size={16} aria-hidden />}
                  disabled={!files.participants || run.isPending}
                  loading={check.isPending}
                  onClick={() => {
                    run.reset();
                    check.mutate();
                  }}
                >
                  Check
                </Button>
                <Button
                  leftSection={<IconUpload size={16} aria-hidden />}
                  disabled={!checkedClean}
                  loading={run.isPending}
                  title={checkedClean ? undefined : 'Check the files first: only files without problems can be imported'}
                  onClick={() => run.mutate()}
                >
                  Import
                </Button>
              </Group>

              {check.isError && !problems && <ProblemAlert error={check.error} />}
              {problems && (
                <Stack gap="xs">
                  <Alert color="red" icon={<IconAlertTriangle />} title="Fix these problems, then check again" role="alert">
                    {check.error instanceof Error ? check.error.message : null} Each one is located by its file, row (the header is row 1)
                    and column.
                  </Alert>
                  <ImportProblemsTable problems={problems} />
                </Stack>
              )}
              {check.isSuccess && !run.isPending && !run.isSuccess && !run.isError && (
                <Alert color="green" icon={<IconCircleCheck />} title="No problems found" role="status">
                  Importing will add {counts(check.data)}. Nothing has been written yet.
                </Alert>
              )}
              {run.isPending && (
                <Stack gap={4} role="status" aria-live="polite">
                  <Text size="sm">
                    Importing {check.data ? plural(check.data.participants, 'participant') : 'the participants'}: keep this page open.
                  </Text>
                  <Progress value={100} striped animated aria-label="Importing" />
                </Stack>
              )}
              {run.isError && <ProblemAlert error={run.error} />}
            </Stack>
          </SectionCard>

          {run.isSuccess && (
            <Alert color="green" icon={<IconCircleCheck />} title="Imported" role="status">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">Added {counts(run.data)}.</Text>
                {run.data.subjectNumbers.length > 0 && (
                  <Text size="xs" c="dimmed" ff="monospace">
                    {run.data.subjectNumbers.slice(0, 30).join(', ')}
                    {run.data.subjectNumbers.length > 30 ? ` and ${run.data.subjectNumbers.length - 30} more` : ''}
                  </Text>
                )}
                <Anchor component={Link} to={listPath} size="sm" fw={600}>
                  Open the participants of site {studySite.siteNumber}
                </Anchor>
              </Stack>
            </Alert>
          )}
        </Stack>
      )}
    </>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(file: ChosenFile | undefined, what: string): string {
  return file ? `${file.name}: ${plural(file.rows, `${what} row`)}` : 'A .csv file made from the template';
}

function counts(result: ImportResult): string {
  // visitsScheduled counts every visit of the imported schedules, those the visits file recorded included.
  const recorded = result.visitsRecorded > 0 ? ` (${result.visitsRecorded} of them recorded from the visits file)` : '';
  return `${plural(result.participants, 'participant')}, ${plural(result.consents, 'consent')} and ${plural(result.visitsScheduled, 'visit')} on their schedules${recorded}`;
}
