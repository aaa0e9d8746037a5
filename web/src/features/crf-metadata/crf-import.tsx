import { Alert, Button, Group, Progress, SegmentedControl, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError, type FieldProblem } from '../../app/api-client';
import { FileField } from '../../components/file-field';
import { ProblemAlert } from '../../components/problem-alert';
import { type RedcapFiles, uploadOdm, uploadRedcap, useInvalidateCrf } from './crf-api';

type Source = 'odm' | 'redcap';

interface ImportProps {
  studyId: string;
  versionId: string;
  /** The draft has an eCRF already: an import replaces it. */
  replaces: boolean;
}

/** Where the eCRF comes from: a CDISC ODM file, or a REDCap project's data dictionary (with its arms and events). */
export function CrfImport(props: ImportProps) {
  const [source, setSource] = useState<Source>('odm');
  return (
    <Stack gap="xs">
      <SegmentedControl
        aria-label="Import from"
        value={source}
        onChange={(value) => setSource(value as Source)}
        data={[
          { value: 'odm', label: 'CDISC ODM 1.3.2' },
          { value: 'redcap', label: 'REDCap data dictionary (+ arms, events)' },
        ]}
        w="fit-content"
      />
      {source === 'odm' ? <OdmUpload {...props} /> : <RedcapUpload {...props} />}
    </Stack>
  );
}

/** Runs an upload with its progress and keeps the problem it answered. */
function useUpload() {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const invalidate = useInvalidateCrf();
  const run = async (upload: (onProgress: (fraction: number) => void) => Promise<unknown>) => {
    setError(null);
    setProgress(0);
    try {
      await upload(setProgress);
      invalidate();
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
    }
  };
  return { progress, error, run };
}

function UploadProgress({ progress, checking }: { progress: number | null; checking: string }) {
  if (progress === null) return null;
  return (
    <Stack gap={2}>
      <Progress value={progress * 100} aria-label="Upload progress" />
      <Text size="xs" c="dimmed">
        {progress < 1 ? `Uploading… ${Math.round(progress * 100)}%` : checking}
      </Text>
    </Stack>
  );
}

function OdmUpload({ studyId, versionId, replaces }: ImportProps) {
  const [file, setFile] = useState<File | null>(null);
  const { progress, error, run } = useUpload();
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="sm">
        <FileField
          label="ODM file"
          description={replaces ? 'Replaces the eCRF of this draft.' : 'CDISC ODM 1.3.2 XML, checked against the XML Schema.'}
          accept=".xml,application/xml,text/xml"
          onChange={setFile}
          disabled={progress !== null}
        />
        <Button
          leftSection={<IconUpload size={14} aria-hidden />}
          onClick={() => file && run((onProgress) => uploadOdm(studyId, versionId, file, onProgress))}
          disabled={!file}
          loading={progress !== null}
        >
          Import ODM
        </Button>
      </Group>
      <UploadProgress progress={progress} checking="Checking the file against the ODM schema…" />
      <FileProblems error={error} />
    </Stack>
  );
}

const redcapParts: { part: keyof RedcapFiles; label: string; description: string }[] = [
  { part: 'dictionary', label: 'Data dictionary', description: 'The CSV of REDCap’s Data Dictionary page.' },
  { part: 'arms', label: 'Arms (longitudinal)', description: 'arm_num, name' },
  { part: 'events', label: 'Events (longitudinal)', description: 'event_name, arm_num, unique_event_name…' },
  {
    part: 'mappings',
    label: 'Instrument designation',
    description: 'arm_num, unique_event_name, form. Without it, every event has every form.',
  },
];

function RedcapUpload({ studyId, versionId, replaces }: ImportProps) {
  const [files, setFiles] = useState<Partial<RedcapFiles>>({});
  const { progress, error, run } = useUpload();
  const { dictionary } = files;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" maw={820}>
        {redcapParts.map(({ part, label, description }) => (
          <FileField
            key={part}
            label={label}
            description={part === 'dictionary' && replaces ? 'Replaces the eCRF of this draft.' : description}
            required={part === 'dictionary'}
            accept=".csv,text/csv"
            onChange={(file) => setFiles((f) => ({ ...f, [part]: file ?? undefined }))}
            disabled={progress !== null}
          />
        ))}
      </SimpleGrid>
      <Group>
        <Button
          leftSection={<IconUpload size={14} aria-hidden />}
          onClick={() => dictionary && run((onProgress) => uploadRedcap(studyId, versionId, { ...files, dictionary }, onProgress))}
          disabled={!dictionary}
          loading={progress !== null}
        >
          Import REDCap
        </Button>
      </Group>
      <UploadProgress progress={progress} checking="Checking the data dictionary and its logic…" />
      <FileProblems error={error} />
    </Stack>
  );
}

/** The problems of a refused file: by line and column (XML) or by file, row and column (CSV). */
function FileProblems({ error }: { error: unknown }) {
  if (error === null) return null;
  const located = error instanceof ApiError ? (error.problem.errors ?? []).filter((e) => e.line !== undefined || e.row !== undefined) : [];
  if (located.length === 0 || !(error instanceof ApiError)) return <ProblemAlert error={error} />;
  const csv = located.some((p) => p.row !== undefined);
  const place = (p: FieldProblem) =>
    csv ? [p.pointer.replace(/^\//, ''), p.row ?? '—', p.column ?? '—'] : [p.line ?? '—', p.col ?? '—', p.oid ?? '—'];
  return (
    <Alert color="red" title="The file was not imported" role="alert">
      <Text size="sm">{error.problem.detail}</Text>
      <Table mt="xs" aria-label="Problems in the file" fz="sm">
        <Table.Thead>
          <Table.Tr>
            {(csv ? ['File', 'Row', 'Column'] : ['Line', 'Column', 'OID']).map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
            <Table.Th>Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {located.map((p) => (
            <Table.Tr key={`${p.pointer}:${p.line ?? p.row}:${p.col ?? p.column}:${p.detail}`}>
              {place(p).map((cell, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the place's cells are fixed columns
                <Table.Td key={i}>{cell}</Table.Td>
              ))}
              <Table.Td style={{ wordBreak: 'break-word' }}>{p.detail}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Alert>
  );
}
