import { Alert, Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { WideScroll } from '../../components/wide-scroll';
import { formatInstant } from '../../lib/dates';
import { type CrfMetadata, updateEventMapping, useCrfMetadata, useInvalidateCrf } from './crf-api';
import { CrfImport } from './crf-import';
import { EditChecksPanel } from './edit-checks-panel';
import { FormPreview } from './form-preview';

interface CrfSectionProps {
  studyId: string;
  versionId: string;
  /** Imports and mapping changes: protocol.write on a draft version (a final version's forms are frozen). */
  editable: boolean;
}

/** The eCRF of a protocol version: its import (ODM or REDCap), its forms per visit, and a read-only preview of each form. */
export function CrfSection({ studyId, versionId, editable }: CrfSectionProps) {
  const [lang, setLang] = useState<string | null>(null);
  const metadata = useCrfMetadata(studyId, versionId, lang);
  return (
    <Stack gap="sm" component="section" aria-label="eCRF">
      <Title order={4} size="h5">
        eCRF
      </Title>
      {editable && <CrfImport studyId={studyId} versionId={versionId} replaces={Boolean(metadata.data)} />}
      {metadata.isError && <ProblemAlert error={metadata.error} />}
      {metadata.data === null && (
        <Text size="sm" c="dimmed">
          No eCRF yet. {editable ? 'Import the forms from a CDISC ODM 1.3.2 file or a REDCap data dictionary.' : ''}
        </Text>
      )}
      {metadata.data && (
        <CrfMetadataView studyId={studyId} versionId={versionId} metadata={metadata.data} editable={editable} onLanguage={setLang} />
      )}
    </Stack>
  );
}

function CrfMetadataView({
  studyId,
  versionId,
  metadata,
  editable,
  onLanguage,
}: {
  studyId: string;
  versionId: string;
  metadata: CrfMetadata;
  editable: boolean;
  onLanguage: (lang: string) => void;
}) {
  const [formOid, setFormOid] = useState<string | null>(null);
  const form = metadata.forms.find((f) => f.oid === formOid) ?? null;
  const c = metadata.counts;
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Stack gap={0}>
          <Text size="sm">
            <b>{metadata.name}</b> ({metadata.oid}) from {metadata.fileName}, imported {formatInstant(metadata.importedAt)}
          </Text>
          <Text size="xs" c="dimmed">
            {c.studyEvents} study events · {c.forms} forms · {c.itemGroups} item groups · {c.items} items · {c.codeLists} code lists ·{' '}
            {c.measurementUnits} units · {c.conditions} conditions and methods
          </Text>
        </Stack>
        {metadata.languages.length > 1 && (
          <Select
            label="Language"
            size="xs"
            w={120}
            data={metadata.languages}
            value={metadata.language}
            onChange={(value) => value && onLanguage(value)}
            allowDeselect={false}
          />
        )}
      </Group>
      {/* Keyed by the import's version: choices made before a re-import never apply to the new events. */}
      <EventMapping key={metadata.version} studyId={studyId} versionId={versionId} metadata={metadata} editable={editable} />
      <VisitFormMatrix metadata={metadata} onOpen={setFormOid} />
      <Select
        label="Preview a form"
        placeholder="Choose a form"
        data={metadata.forms.map((f) => ({ value: f.oid, label: f.name }))}
        value={formOid}
        onChange={setFormOid}
        maw={420}
        searchable
      />
      {form && <FormPreview form={form} conditions={metadata.conditions} />}
      <EditChecksPanel studyId={studyId} versionId={versionId} editable={editable} />
    </Stack>
  );
}

/** Visits across, forms down: ● a form the visit must collect, ○ one it may. */
function VisitFormMatrix({ metadata, onOpen }: { metadata: CrfMetadata; onOpen: (oid: string) => void }) {
  const unmapped = metadata.studyEvents.filter((e) => e.visitCode === null);
  const columns = [
    ...metadata.visits.map((v) => ({
      key: v.code,
      label: v.code,
      title: v.name,
      events: metadata.studyEvents.filter((e) => e.visitCode === v.code),
    })),
    ...unmapped.map((e) => ({ key: `event:${e.oid}`, label: e.name, title: `${e.oid}: not mapped to a visit`, events: [e] })),
  ];
  const cell = (formOid: string, events: CrfMetadata['studyEvents']) => {
    const refs = events.flatMap((e) => e.forms.filter((f) => f.oid === formOid));
    if (refs.length === 0) return null;
    const required = refs.some((r) => r.mandatory);
    return (
      <span role="img" aria-label={required ? 'required' : 'optional'}>
        {required ? '●' : '○'}
      </span>
    );
  };
  return (
    <WideScroll label="Forms per visit" minWidth={Math.max(600, 220 + columns.length * 70)}>
      <Table withTableBorder withColumnBorders aria-label="Forms per visit" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Form</Table.Th>
            {columns.map((col) => (
              <Table.Th key={col.key} title={col.title} ta="center" c={col.key.startsWith('event:') ? 'orange' : undefined}>
                {col.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {metadata.forms.map((f) => (
            <Table.Tr key={f.oid}>
              <Table.Td>
                <Button variant="subtle" size="compact-sm" onClick={() => onOpen(f.oid)}>
                  {f.name}
                </Button>
              </Table.Td>
              {columns.map((col) => (
                <Table.Td key={col.key} ta="center">
                  {cell(f.oid, col.events)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt={4}>
        ● required · ○ optional{unmapped.length > 0 ? ' · orange columns: study events not mapped to a visit' : ''}
      </Text>
    </WideScroll>
  );
}

function EventMapping({
  studyId,
  versionId,
  metadata,
  editable,
}: {
  studyId: string;
  versionId: string;
  metadata: CrfMetadata;
  editable: boolean;
}) {
  const [draft, setDraft] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const invalidate = useInvalidateCrf();
  const changed = Object.entries(draft).filter(([oid, code]) => metadata.studyEvents.find((e) => e.oid === oid)?.visitCode !== code);
  const visitOptions = metadata.visits.map((v) => ({ value: v.code, label: `${v.code} · ${v.name}` }));
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await updateEventMapping(studyId, versionId, {
        mappings: changed.map(([studyEventOid, visitCode]) => ({ studyEventOid, visitCode })),
      });
      setDraft({});
      invalidate();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Stack gap="xs">
      {metadata.unmappedEvents.length > 0 && (
        <Alert color="orange" variant="light" title="Study events without a visit">
          {metadata.unmappedEvents.join(', ')} match no visit of this protocol version by OID or name.
          {editable ? ' Choose their visits below.' : ''}
        </Alert>
      )}
      <Table aria-label="Study events and their visits" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Study event</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Visit</Table.Th>
            <Table.Th>Mapped by</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {metadata.studyEvents.map((e) => (
            <Table.Tr key={e.oid}>
              <Table.Td>
                {e.name}{' '}
                <Text span size="xs" c="dimmed">
                  {e.oid}
                </Text>
                {e.repeating && (
                  <Badge ml={6} size="xs" variant="light">
                    Repeating
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{e.type}</Table.Td>
              <Table.Td>
                {editable ? (
                  <Select
                    size="xs"
                    aria-label={`Visit of ${e.name}`}
                    data={visitOptions}
                    value={e.oid in draft ? (draft[e.oid] ?? null) : e.visitCode}
                    onChange={(value) => setDraft((d) => ({ ...d, [e.oid]: value }))}
                    placeholder="Not mapped"
                    clearable
                    w={220}
                  />
                ) : (
                  (e.visitCode ?? <Text c="orange">Not mapped</Text>)
                )}
              </Table.Td>
              <Table.Td>
                {e.mappedBy === 'oid' ? 'OID' : e.mappedBy === 'name' ? 'Name' : e.mappedBy === 'manual' ? 'By hand' : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {error !== null && <ProblemAlert error={error} />}
      {editable && (
        <Group>
          <Button size="xs" onClick={save} disabled={changed.length === 0} loading={saving}>
            Save visit mapping
          </Button>
        </Group>
      )}
    </Stack>
  );
}
