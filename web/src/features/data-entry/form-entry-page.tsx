import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../app/api-client';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { SiteTime } from '../../lib/dates';
import { usePagedList } from '../../lib/use-paged-list';
import { type AuditEvent, historyKey } from '../audit/audit-api';
import { useCan } from '../auth/auth-api';
import { dataEntryKeys, type FormEntry, formStatusOptions, saveFormEntry, useFormEntry } from './data-entry-api';
import { EntryForm } from './entry-form';
import { addRow, changesOf, type EntryState, errorsByKey, initialState, removeRow, warningsByKey } from './entry-state';
import { ItemHistory } from './item-history';

export function FormEntryPage() {
  const { participantId = '', visitId = '', formOid = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const lang = search.get('lang');
  const query = useFormEntry(visitId, formOid, lang);
  return (
    <QueryBoundary query={query} what="form">
      {({ record, etag }) => (
        <FormEntryView
          key={`${etag}${record.language}`}
          participantId={participantId}
          entry={record}
          etag={etag}
          lang={lang}
          onLanguage={(next) => setSearch(next ? { lang: next } : {}, { replace: true })}
        />
      )}
    </QueryBoundary>
  );
}

interface FormEntryViewProps {
  participantId: string;
  entry: FormEntry;
  etag: string;
  lang: string | null;
  onLanguage: (lang: string | null) => void;
}

function FormEntryView({ participantId, entry, etag, lang, onLanguage }: FormEntryViewProps) {
  const canWrite = useCan('participant.write');
  const queryClient = useQueryClient();
  const [state, setState] = useState<EntryState>(() => initialState(entry));
  const [asking, setAsking] = useState<'draft' | 'saved' | null>(null);
  const [reason, setReason] = useState('');
  const [sentKeys, setSentKeys] = useState<string[]>([]);
  const changes = changesOf(entry, state);
  const dirty = changes.values.length > 0 || changes.removeRows.length > 0;

  const save = useMutation({
    mutationFn: ({ status, why }: { status: 'draft' | 'saved'; why: string | null }) => {
      setSentKeys(changes.keys);
      return saveFormEntry(
        entry.visitId,
        entry.formOid,
        etag,
        {
          status,
          values: changes.values,
          removeRows: changes.removeRows,
          ...(why ? { reason: why } : {}),
        },
        lang,
      );
    },
    onSuccess: (saved) => {
      setAsking(null);
      setReason('');
      notifications.show({
        color: saved.softChecks.length > 0 ? 'orange' : 'green',
        title: saved.entry.status === 'saved' ? 'Form saved' : 'Draft saved',
        message: [
          saved.softChecks.length > 0
            ? `${saved.softChecks.length} value(s) outside the expected range were kept: see the warnings.`
            : `${saved.changes} value(s) changed.`,
          saved.queriesOpened > 0 ? `${saved.queriesOpened} query(ies) opened by the edit checks.` : '',
          saved.queriesClosed > 0 ? `${saved.queriesClosed} edit-check query(ies) closed: the values now pass.` : '',
        ]
          .filter(Boolean)
          .join(' '),
      });
      queryClient.invalidateQueries({ queryKey: ['data-queries'] });
      queryClient.setQueryData(dataEntryKeys.form(entry.visitId, entry.formOid, lang), {
        record: saved.entry,
        etag: `"${saved.entry.version}"`,
      });
      queryClient.invalidateQueries({ queryKey: dataEntryKeys.participant(participantId) });
      queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });

  const submit = (status: 'draft' | 'saved') => {
    save.reset();
    // 21 CFR 11.10(e): once the form was saved, a change is recorded with why it was made.
    if (entry.reasonRequired && dirty) setAsking(status);
    else save.mutate({ status, why: null });
  };
  const errors = errorsByKey(save.error, sentKeys);
  const warnings = warningsByKey(entry.softChecks);
  const placed = isApiError(save.error)
    ? (save.error.problem.errors ?? []).map((e) => e.pointer).filter((p) => p.startsWith('/values/') || p.startsWith('/items/'))
    : [];
  const readOnly = !canWrite;
  // The form's audit entries (shared with the history panel below), for each item's own history.
  const history = usePagedList(
    historyKey('crf_form_entry', entry.id ?? ''),
    '/api/audit',
    { query: { entityType: 'crf_form_entry', entityId: entry.id ?? '', order: 'desc' } },
    entry.id !== null,
  );
  const events = history.items as AuditEvent[];

  return (
    <>
      <PageHeader
        title={entry.name}
        badge={<StatusBadge options={formStatusOptions} value={entry.status} />}
        subtitle={
          <>
            <span style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>{entry.subjectNumber}</span> · {entry.visitName} ·{' '}
            {entry.formOid}
            {entry.lastChangedAt && (
              <>
                {' '}
                · last changed <SiteTime instant={entry.lastChangedAt} zone={entry.timeZone} />
              </>
            )}
          </>
        }
        trail={[
          { label: 'Participants', to: '/participants' },
          { label: entry.subjectNumber, to: `/participants/${participantId}` },
          { label: `${entry.visitName}: ${entry.name}` },
        ]}
        actions={
          <>
            {entry.languages.length > 1 && (
              <Select
                aria-label="Language of the questions"
                data={entry.languages.map((code) => ({ value: code, label: code }))}
                value={entry.language}
                onChange={(next) => onLanguage(next)}
                allowDeselect={false}
                disabled={dirty}
                title={dirty ? 'Save or discard your changes first' : undefined}
                w={90}
              />
            )}
            {canWrite && (
              <>
                {entry.status !== 'saved' && (
                  <Button variant="default" onClick={() => submit('draft')} loading={save.isPending && save.variables?.status === 'draft'}>
                    Save draft
                  </Button>
                )}
                <Button
                  leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                  onClick={() => submit('saved')}
                  disabled={entry.status === 'saved' && !dirty}
                  loading={save.isPending && save.variables?.status === 'saved'}
                >
                  {entry.status === 'saved' ? 'Save changes' : 'Save'}
                </Button>
              </>
            )}
          </>
        }
      />
      <Stack maw={960}>
        {entry.reasonRequired && canWrite && (
          <Alert color="blue" icon={<IconInfoCircle />} variant="light">
            This form was saved: every change asks for a reason, recorded in the audit trail with the old and new value.
          </Alert>
        )}
        {save.error && !asking && <ProblemAlert error={save.error} shownPointers={placed} />}
        <SectionCard>
          <EntryForm
            entry={entry}
            values={state.values}
            rows={state.rows}
            errors={errors}
            warnings={warnings}
            readOnly={readOnly}
            onValue={(key, value, unit) => setState((s) => ({ ...s, values: { ...s.values, [key]: { value, unit } } }))}
            onAddRow={(groupOid) => setState((s) => addRow(s, groupOid))}
            onRemoveRow={(groupOid, repeatKey) => setState((s) => removeRow(s, entry, groupOid, repeatKey))}
            history={(key, label) => <ItemHistory events={events} itemKey={key} label={label} timeZone={entry.timeZone} />}
          />
        </SectionCard>
        {entry.id && <HistoryPanel entityType="crf_form_entry" entityId={entry.id} title="Form history" />}
      </Stack>
      <Modal opened={asking !== null} onClose={() => setAsking(null)} title="Reason for change" centered>
        <Stack>
          <Text size="sm">
            {changes.values.length + changes.removeRows.length} change(s) to a saved form. Say why: the reason is kept with each old and new
            value.
          </Text>
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={isApiError(save.error) ? save.error.problem.errors?.find((e) => e.pointer === '/reason')?.detail : undefined}
            data-autofocus
          />
          {save.error && !isApiError(save.error, 400) && <ProblemAlert error={save.error} />}
          {isApiError(save.error, 400) && !save.error.problem.errors?.some((e) => e.pointer === '/reason') && (
            <Text size="sm" c="red">
              The save was refused: close this dialog to see the values concerned.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(null)}>
              Cancel
            </Button>
            <Button
              onClick={() => asking && save.mutate({ status: asking, why: reason.trim() })}
              disabled={reason.trim() === ''}
              loading={save.isPending}
            >
              Save with reason
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
