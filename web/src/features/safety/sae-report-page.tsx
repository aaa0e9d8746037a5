import { Alert, Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { DetailList } from '../../components/detail-list';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { SignatureModal } from '../../components/signature-modal';
import { useFormMutation } from '../../components/use-form-mutation';
import { fromSiteLocal, SiteTime, toSiteLocal, zoneName } from '../../lib/dates';
import { labelOf, selectData } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import { ClockCell } from './clock-badge';
import {
  type Clock,
  causalityOptions,
  expectednessOptions,
  invalidateSafety,
  markClockMet,
  reportStep,
  type SaeReport,
  seriousCriterionOptions,
  useSaeReport,
} from './safety-api';

/** One SAE report: its clocks, its versions (each signed when submitted) and the sponsor's review. */
export function SaeReportPage() {
  const { reportId = '' } = useParams();
  const report = useSaeReport(reportId);
  return (
    <QueryBoundary query={report} what="SAE report">
      {(r) => <ReportView report={r} />}
    </QueryBoundary>
  );
}

function ReportView({ report }: { report: SaeReport }) {
  const zone = report.siteTimeZone;
  const draft = report.versions.find((v) => !v.submittedAt);
  return (
    <Stack>
      <PageHeader
        title={`SAE report · ${report.subjectNumber}`}
        subtitle={`${report.studyShortName} · site ${report.siteNumber} (${report.country}) · ${report.verbatimTerm}`}
        trail={[{ label: 'Safety', to: '/safety' }, { label: report.subjectNumber }]}
        badge={
          <Group gap="xs">
            <Badge color={report.status === 'open' ? 'orange' : 'gray'}>{report.status === 'open' ? 'Open' : 'Closed'}</Badge>
            {report.susar && <Badge color="red">SUSAR</Badge>}
          </Group>
        }
      />
      <SectionCard title="Clocks">
        <Stack gap="sm">
          {[report.siteClock, ...report.regulatoryClocks].map((clock) => (
            <Group key={clock.id ?? 'site'} justify="space-between" wrap="nowrap">
              <ClockCell clock={clock} siteTimeZone={zone} />
              {clock.id && clock.status !== 'met' && <MarkMetButton report={report} clock={clock} />}
              {clock.submissionReference && (
                <Text size="xs" c="dimmed">
                  {clock.submissionReference}
                </Text>
              )}
            </Group>
          ))}
        </Stack>
      </SectionCard>
      <SectionCard title="Event and assessment">
        <DetailList
          items={[
            { label: 'Seriousness', value: report.seriousCriteria.map((c) => labelOf(seriousCriterionOptions, c)).join(', ') },
            { label: 'Site aware', value: <SiteTime instant={report.siteAwareAt} zone={zone} /> },
            { label: 'Sponsor aware (day 0)', value: <SiteTime instant={report.sponsorAwareAt} zone={zone} /> },
            {
              label: 'Sponsor expectedness',
              value: report.sponsorExpectedness && labelOf(expectednessOptions, report.sponsorExpectedness),
            },
            { label: 'Sponsor causality', value: report.sponsorCausality && labelOf(causalityOptions, report.sponsorCausality) },
            { label: 'SUSAR', value: report.susar === null ? 'Not decided' : report.susar ? 'Yes' : 'No' },
            ...(report.arm ? [{ label: 'Arm (unblinded)', value: `${report.arm.code} · ${report.arm.name}` }] : []),
          ]}
        />
      </SectionCard>
      <SectionCard title="Versions" actions={<ReportActions report={report} hasDraft={Boolean(draft)} />}>
        <Table verticalSpacing="xs" aria-label="Report versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Version</Table.Th>
              <Table.Th scope="col">Narrative</Table.Th>
              <Table.Th scope="col">Submitted</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.versions.map((v) => (
              <Table.Tr key={v.number}>
                <Table.Td>{v.kind === 'initial' ? 'Initial' : `Follow-up ${v.number - 1}`}</Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{v.narrative || '—'}</Table.Td>
                <Table.Td>
                  {v.submittedAt ? (
                    <Stack gap={0}>
                      <SiteTime instant={v.submittedAt} zone={zone} />
                      {v.signature && (
                        <Text size="xs" c={v.signature.valid ? 'dimmed' : 'red'}>
                          Signed by {v.signature.printedName} ({v.signature.meaning})
                        </Text>
                      )}
                    </Stack>
                  ) : (
                    <Badge variant="light">Draft</Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </SectionCard>
      <HistoryPanel entityType="sae_report" entityId={report.id} title="Report history" />
    </Stack>
  );
}

type Dialog = 'draft' | 'follow-up' | 'submit' | 'acknowledge' | 'assess' | 'close' | null;

function ReportActions({ report, hasDraft }: { report: SaeReport; hasDraft: boolean }) {
  const queryClient = useQueryClient();
  const canWrite = useCan('ae.write');
  const canSubmit = useCan('sae.submit');
  const canAssess = useCan('sae.assess');
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const done = () => invalidateSafety(queryClient);
  if (report.status === 'closed') return null;
  return (
    <>
      {canWrite && hasDraft && (
        <Button size="xs" variant="light" onClick={() => setDialog('draft')}>
          Edit narrative
        </Button>
      )}
      {canWrite && !hasDraft && (
        <Button size="xs" variant="light" onClick={() => setDialog('follow-up')}>
          Add follow-up
        </Button>
      )}
      {canSubmit && hasDraft && (
        <Button size="xs" onClick={() => setDialog('submit')}>
          Sign and submit
        </Button>
      )}
      {canAssess && report.versions[0]?.submittedAt && !report.sponsorAwareAt && (
        <Button size="xs" onClick={() => setDialog('acknowledge')}>
          Acknowledge receipt
        </Button>
      )}
      {canAssess && report.sponsorAwareAt && report.susar === null && (
        <Button size="xs" color="red" onClick={() => setDialog('assess')}>
          Assess and decide SUSAR
        </Button>
      )}
      {canAssess && (
        <Button size="xs" variant="default" onClick={() => setDialog('close')}>
          Close report
        </Button>
      )}
      <NarrativeModal report={report} mode={dialog === 'draft' || dialog === 'follow-up' ? dialog : null} onClose={close} onDone={done} />
      <SignatureModal
        opened={dialog === 'submit'}
        onClose={close}
        title="Sign and submit the SAE report"
        subject={`You submit this version of the SAE report for ${report.subjectNumber} to the sponsor.`}
        meanings={['responsibility', 'authorship'] as const}
        sign={(input) => reportStep(report, 'submit', input)}
        onSigned={done}
      />
      <AcknowledgeModal report={report} opened={dialog === 'acknowledge'} onClose={close} onDone={done} />
      <AssessModal report={report} opened={dialog === 'assess'} onClose={close} onDone={done} />
      <Modal opened={dialog === 'close'} onClose={close} title={<Text fw={600}>Close the report</Text>}>
        <CloseForm report={report} onClose={close} onDone={done} />
      </Modal>
    </>
  );
}

function NarrativeModal({
  report,
  mode,
  onClose,
  onDone,
}: {
  report: SaeReport;
  mode: 'draft' | 'follow-up' | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const draft = report.versions.find((v) => !v.submittedAt);
  const form = useForm({ initialValues: { narrative: mode === 'draft' ? (draft?.narrative ?? '') : '' } });
  const submit = useFormMutation(
    form,
    (v) => reportStep(report, mode === 'draft' ? 'draft' : 'follow-ups', { narrative: v.narrative }),
    () => {
      onDone();
      onClose();
    },
  );
  return (
    <Modal
      opened={mode !== null}
      onClose={onClose}
      size="lg"
      title={<Text fw={600}>{mode === 'draft' ? 'Narrative' : 'New follow-up'}</Text>}
    >
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
          <Textarea label="Narrative" autosize minRows={5} {...form.getInputProps('narrative')} key={mode ?? 'closed'} />
          <Group justify="flex-end">
            <Button type="submit" loading={submit.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function AcknowledgeModal({
  report,
  opened,
  onClose,
  onDone,
}: {
  report: SaeReport;
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const zone = report.siteTimeZone;
  const form = useForm({ initialValues: { sponsorAwareAt: toSiteLocal(new Date(), zone) } });
  const submit = useFormMutation(
    form,
    (v) => reportStep(report, 'acknowledge', { sponsorAwareAt: fromSiteLocal(v.sponsorAwareAt, zone) ?? v.sponsorAwareAt }),
    () => {
      onDone();
      onClose();
    },
  );
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Acknowledge receipt</Text>}>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
          <TextInput
            label="Sponsor first aware"
            description={`YYYY-MM-DD HH:mm in ${zoneName(zone)}: day 0 of the regulatory clocks`}
            {...form.getInputProps('sponsorAwareAt')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={submit.isPending}>
              Acknowledge
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function AssessModal({ report, opened, onClose, onDone }: { report: SaeReport; opened: boolean; onClose: () => void; onDone: () => void }) {
  const form = useForm({ initialValues: { expectedness: 'unexpected', causality: 'related', susar: 'yes' } });
  const submit = useFormMutation(
    form,
    (v) =>
      reportStep(report, 'assessment', {
        expectedness: v.expectedness as 'expected',
        causality: v.causality as 'related',
        susar: v.susar === 'yes',
      }),
    () => {
      onDone();
      onClose();
    },
  );
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Assessment and SUSAR decision</Text>}>
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
          <NativeSelect label="Expectedness" data={selectData(expectednessOptions)} {...form.getInputProps('expectedness')} />
          <NativeSelect label="Causality" data={selectData(causalityOptions)} {...form.getInputProps('causality')} />
          <NativeSelect
            label="SUSAR"
            data={[
              { value: 'yes', label: 'Yes: suspected unexpected serious adverse reaction' },
              { value: 'no', label: 'No' },
            ]}
            {...form.getInputProps('susar')}
          />
          <Alert variant="light" color="blue">
            A SUSAR starts a clock per country where the study has sites: 7 days when fatal or life-threatening (complete report by day 15),
            15 days otherwise, unless the study overrides a country.
          </Alert>
          <Group justify="flex-end">
            <Button type="submit" color="red" loading={submit.isPending}>
              Record decision
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CloseForm({ report, onClose, onDone }: { report: SaeReport; onClose: () => void; onDone: () => void }) {
  const form = useForm({ initialValues: {} });
  const submit = useFormMutation(
    form,
    () => reportStep(report, 'close', {}),
    () => {
      onDone();
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <Text size="sm">No follow-up can be added to a closed report.</Text>
        <Group justify="flex-end">
          <Button type="submit" loading={submit.isPending}>
            Close report
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function MarkMetButton({ report, clock }: { report: SaeReport; clock: Clock }) {
  const queryClient = useQueryClient();
  const canAssess = useCan('sae.assess');
  const [opened, setOpened] = useState(false);
  const form = useForm({ initialValues: { submissionReference: '' } });
  const submit = useFormMutation(
    form,
    (v) => markClockMet(clock, { submissionReference: v.submissionReference }),
    () => {
      invalidateSafety(queryClient);
      setOpened(false);
    },
  );
  if (!canAssess || report.status === 'closed') return null;
  return (
    <>
      <Button size="compact-xs" variant="light" onClick={() => setOpened(true)}>
        Record submission
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={<Text fw={600}>Regulatory submission done · {clock.country}</Text>}>
        <form onSubmit={submit.onSubmit} noValidate>
          <Stack>
            <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
            <TextInput label="Submission reference" required {...form.getInputProps('submissionReference')} />
            <Group justify="flex-end">
              <Button type="submit" loading={submit.isPending}>
                Record
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
