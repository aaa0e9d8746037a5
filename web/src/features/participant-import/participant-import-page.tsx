import { Alert, Anchor, Button, Code, Group, List, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconFileCheck, IconPlayerStop, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../app/api-client';
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
import {
  cancelImportJob,
  finishedStatuses,
  type ImportFile,
  type ImportJob,
  type ImportResult,
  problemsInFiles,
  startImportJob,
  templatePath,
  useImportJob,
} from './participant-import-api';

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
  const [files, setFiles] = useState<Partial<Record<ImportFile, File>>>({});
  // Bumped after an import so the file inputs come back empty.
  const [pickerKey, setPickerKey] = useState(0);
  const [started, setStarted] = useState<ImportJob>();
  const start = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (!files.participants) throw new Error('Choose the participants file first.');
      return startImportJob(studySite.studyId, studySite.id, { participants: files.participants, visits: files.visits }, dryRun);
    },
    onSuccess: setStarted,
  });
  const job = useImportJob(started).data;
  const cancel = useMutation({ mutationFn: (jobId: string) => cancelImportJob(jobId) });
  const running = Boolean(job && !finishedStatuses.includes(job.status));
  const imported = job && !job.dryRun && job.status === 'succeeded' ? job.result : null;
  const checkedClean = Boolean(job?.dryRun && job.status === 'succeeded');

  useEffect(() => {
    if (!imported) return;
    invalidateParticipant(queryClient);
    setFiles({});
    setPickerKey((key) => key + 1);
  }, [imported, queryClient]);

  const choose = (which: ImportFile, file: File | null) => {
    // Whatever was checked no longer describes the files: check again before importing.
    start.reset();
    cancel.reset();
    setStarted(undefined);
    setFiles((current) => ({ ...current, [which]: file ?? undefined }));
  };
  const begin = (dryRun: boolean) => {
    cancel.reset();
    start.mutate(dryRun);
  };

  const problems = job?.problem ? problemsInFiles(job.problem) : null;
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
                  disabled={running || start.isPending}
                  description={describe(files.participants)}
                  onChange={(file) => choose('participants', file)}
                />
                <FileField
                  label="Visits file (optional)"
                  accept=".csv,text/csv"
                  disabled={running || start.isPending}
                  description={describe(files.visits)}
                  onChange={(file) => choose('visits', file)}
                />
              </SimpleGrid>
              <Group>
                <Button
                  variant={checkedClean ? 'default' : 'filled'}
                  leftSection={<IconFileCheck size={16} aria-hidden />}
                  disabled={!files.participants || running}
                  loading={start.isPending && start.variables === true}
                  onClick={() => begin(true)}
                >
                  Check
                </Button>
                <Button
                  leftSection={<IconUpload size={16} aria-hidden />}
                  disabled={!checkedClean || running}
                  loading={start.isPending && start.variables === false}
                  title={checkedClean ? undefined : 'Check the files first: only files without problems can be imported'}
                  onClick={() => begin(false)}
                >
                  Import
                </Button>
              </Group>

              {start.isError && <ProblemAlert error={start.error} />}
              {job && (running || job.status === 'succeeded') && (
                <JobProgress
                  job={job}
                  running={running}
                  cancelling={cancel.isPending || cancel.isSuccess}
                  onCancel={() => cancel.mutate(job.id)}
                />
              )}
              {cancel.isError && <ProblemAlert error={cancel.error} />}
              {job?.status === 'cancelled' && (
                <Alert color="gray" icon={<IconPlayerStop />} title="Cancelled" role="status">
                  The {job.dryRun ? 'check' : 'import'} was stopped before it finished: nothing was written.
                </Alert>
              )}
              {job?.status === 'failed' && problems && (
                <Stack gap="xs">
                  <Alert color="red" icon={<IconAlertTriangle />} title="Fix these problems, then check again" role="alert">
                    {job.problem?.detail} Each one is located by its file, row (the header is row 1) and column.
                  </Alert>
                  <ImportProblemsTable problems={problems} />
                </Stack>
              )}
              {job?.status === 'failed' && !problems && job.problem && <ProblemAlert error={new ApiError(job.problem)} />}
              {checkedClean && job?.result && (
                <Alert color="green" icon={<IconCircleCheck />} title="No problems found" role="status">
                  Importing will add {counts(job.result)}. Nothing has been written yet.
                </Alert>
              )}
            </Stack>
          </SectionCard>

          {imported && (
            <Alert color="green" icon={<IconCircleCheck />} title="Imported" role="status">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">Added {counts(imported)}.</Text>
                {imported.subjectNumbers.length > 0 && (
                  <Text size="xs" c="dimmed" ff="monospace">
                    {imported.subjectNumbers.slice(0, 30).join(', ')}
                    {imported.subjectNumbers.length > 30 ? ` and ${imported.subjectNumbers.length - 30} more` : ''}
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

/**
 * Rows checked, then rows written: each is half the bar. The server counts both; a check (dry
 * run) writes too and rolls everything back at the end.
 */
function JobProgress({
  job,
  running,
  cancelling,
  onCancel,
}: {
  job: ImportJob;
  running: boolean;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const total = job.rowsTotal;
  const value = job.status === 'succeeded' ? 100 : total ? Math.floor(((job.rowsChecked + job.rowsWritten) / (2 * total)) * 100) : 0;
  const what = job.dryRun ? 'Checking' : 'Importing';
  return (
    <Stack gap={6} role="status" aria-live="polite">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">
          {total === null
            ? `${what}: reading the files…`
            : `${job.rowsChecked.toLocaleString()} rows checked / ${job.rowsWritten.toLocaleString()} rows ${job.dryRun ? 'tried' : 'written'} of ${total.toLocaleString()}`}
        </Text>
        {running && (
          <Button
            size="xs"
            variant="default"
            color="red"
            leftSection={<IconPlayerStop size={14} aria-hidden />}
            loading={cancelling}
            onClick={onCancel}
          >
            Cancel
          </Button>
        )}
      </Group>
      <Progress value={value} striped={running} animated={running} aria-label={`${what} progress`} />
      {running && (
        <Text size="xs" c="dimmed">
          Closing this page does not stop the {job.dryRun ? 'check' : 'import'}; Cancel does, until it is written.
        </Text>
      )}
    </Stack>
  );
}
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(file: File | undefined): string {
  if (!file) return 'A .csv file made from the template';
  const size = file.size < 1024 ? plural(file.size, 'byte') : `${Math.round(file.size / 1024).toLocaleString()} KB`;
  return `${file.name}: ${size}`;
}

function counts(result: ImportResult): string {
  // visitsScheduled counts every visit of the imported schedules, those the visits file recorded included.
  const recorded = result.visitsRecorded > 0 ? ` (${result.visitsRecorded} of them recorded from the visits file)` : '';
  return `${plural(result.participants, 'participant')}, ${plural(result.consents, 'consent')} and ${plural(result.visitsScheduled, 'visit')} on their schedules${recorded}`;
}
