import { Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { fromSiteLocal, toSiteLocal, zoneName } from '../../lib/dates';
import { selectData } from '../../lib/enum-labels';
import {
  type AdverseEvent,
  type AdverseEventInput,
  actionTakenOptions,
  causalityOptions,
  expectednessOptions,
  invalidateSafety,
  outcomeOptions,
  recordAdverseEvent,
  seriousCriterionOptions,
  updateAdverseEvent,
} from './safety-api';

interface AdverseEventModalProps {
  participantId: string;
  subjectNumber: string;
  /** The study-site's zone: the awareness time is entered as the site's wall-clock time. */
  timeZone: string;
  /** The event to correct; null records a new one. */
  event: AdverseEvent | null;
  opened: boolean;
  onClose: () => void;
}

export function AdverseEventModal(props: AdverseEventModalProps) {
  const title = props.event ? `Adverse event · ${props.subjectNumber}` : `Record an adverse event · ${props.subjectNumber}`;
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={<Text fw={600}>{title}</Text>} size="xl">
      {props.opened && <AdverseEventForm {...props} />}
    </Modal>
  );
}

interface Values extends Record<string, unknown> {
  verbatimTerm: string;
  codedCode: string;
  codedTerm: string;
  dictionaryName: string;
  dictionaryVersion: string;
  onsetDate: string;
  resolutionDate: string;
  severityGrade: string;
  serious: boolean;
  seriousCriteria: string[];
  siteAwareAt: string;
  narrative: string;
  causality: string;
  expectedness: string;
  referenceSafetyInfo: string;
  actionTaken: string;
  outcome: string;
}

const blank = (value: string) => (value.trim() ? value.trim() : null);

/**
 * An adverse event as the site reports it. Marking it serious asks when the site learned it is
 * serious: the SAE report opens with it and the site-to-sponsor clock runs from it.
 */
function AdverseEventForm({ participantId, timeZone, event, onClose }: AdverseEventModalProps) {
  const queryClient = useQueryClient();
  const opensReport = !event?.saeReportId;
  const form = useForm<Values>({
    initialValues: {
      verbatimTerm: event?.verbatimTerm ?? '',
      codedCode: event?.codedCode ?? '',
      codedTerm: event?.codedTerm ?? '',
      dictionaryName: event?.dictionaryName ?? '',
      dictionaryVersion: event?.dictionaryVersion ?? '',
      onsetDate: event?.onsetDate ?? '',
      resolutionDate: event?.resolutionDate ?? '',
      severityGrade: event ? String(event.severityGrade) : '',
      serious: event?.serious ?? false,
      seriousCriteria: event?.seriousCriteria ?? [],
      siteAwareAt: toSiteLocal(new Date(), timeZone),
      narrative: '',
      causality: event?.causality ?? '',
      expectedness: event?.expectedness ?? '',
      referenceSafetyInfo: event?.referenceSafetyInfo ?? '',
      actionTaken: event?.actionTaken ?? '',
      outcome: event?.outcome ?? '',
    },
    validate: {
      verbatimTerm: (v) => (v.trim() ? null : 'Describe the event in the reporter’s words.'),
      onsetDate: (v) => (v.trim() ? null : 'Enter the onset (YYYY, YYYY-MM or YYYY-MM-DD).'),
      severityGrade: (v) => (v ? null : 'Choose the CTCAE grade.'),
      causality: (v) => (v ? null : 'Choose the causality.'),
      expectedness: (v) => (v ? null : 'Choose the expectedness.'),
      actionTaken: (v) => (v ? null : 'Choose the action taken.'),
      outcome: (v) => (v ? null : 'Choose the outcome.'),
      siteAwareAt: (v, values) =>
        values.serious && opensReport && !fromSiteLocal(v, timeZone) ? 'Enter the time as YYYY-MM-DD HH:mm at the site.' : null,
    },
  });
  const values = form.getValues();
  const submit = useFormMutation(
    form,
    (v) => {
      const body: AdverseEventInput = {
        verbatimTerm: v.verbatimTerm.trim(),
        codedCode: blank(v.codedCode),
        codedTerm: blank(v.codedTerm),
        dictionaryName: blank(v.dictionaryName),
        dictionaryVersion: blank(v.dictionaryVersion),
        onsetDate: v.onsetDate.trim(),
        resolutionDate: blank(v.resolutionDate),
        severityGrade: Number(v.severityGrade),
        serious: v.serious,
        seriousCriteria: (v.serious ? v.seriousCriteria : []) as AdverseEventInput['seriousCriteria'],
        causality: v.causality as AdverseEventInput['causality'],
        expectedness: v.expectedness as AdverseEventInput['expectedness'],
        referenceSafetyInfo: blank(v.referenceSafetyInfo),
        actionTaken: v.actionTaken as AdverseEventInput['actionTaken'],
        outcome: v.outcome as AdverseEventInput['outcome'],
        ...(v.serious && opensReport
          ? { siteAwareAt: fromSiteLocal(v.siteAwareAt, timeZone) ?? v.siteAwareAt, narrative: v.narrative }
          : {}),
      };
      return event ? updateAdverseEvent(event, body) : recordAdverseEvent(participantId, body);
    },
    (saved) => {
      invalidateSafety(queryClient);
      notifications.show({
        color: 'green',
        title: event ? 'Adverse event saved' : 'Adverse event recorded',
        message: saved.saeReportId && !event?.saeReportId ? 'Serious: its SAE report is open and the site clock runs.' : saved.verbatimTerm,
      });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <TextInput label="Verbatim term" required maxLength={500} {...form.getInputProps('verbatimTerm')} />
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <TextInput label="Coded term" {...form.getInputProps('codedTerm')} />
          <TextInput label="Code" {...form.getInputProps('codedCode')} />
          <TextInput label="Dictionary" placeholder="MedDRA" {...form.getInputProps('dictionaryName')} />
          <TextInput label="Dictionary version" {...form.getInputProps('dictionaryVersion')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Onset" description="YYYY, YYYY-MM or YYYY-MM-DD" required {...form.getInputProps('onsetDate')} />
          <TextInput label="Resolution" description="Not before the onset; empty while ongoing" {...form.getInputProps('resolutionDate')} />
          <Select
            label="Severity (CTCAE grade)"
            required
            data={['1', '2', '3', '4', '5'].map((g) => ({ value: g, label: `Grade ${g}` }))}
            {...form.getInputProps('severityGrade')}
          />
        </SimpleGrid>
        <Switch label="Serious" disabled={Boolean(event?.saeReportId)} {...form.getInputProps('serious', { type: 'checkbox' })} />
        {values.serious && (
          <>
            <Checkbox.Group label="Seriousness criteria" description="At least one" {...form.getInputProps('seriousCriteria')}>
              <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
                {seriousCriterionOptions.map((o) => (
                  <Checkbox key={o.value} value={o.value} label={o.label} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            {opensReport && (
              <>
                <TextInput
                  label="Site aware of seriousness"
                  description={`YYYY-MM-DD HH:mm in ${zoneName(timeZone)}; not in the future. The site-to-sponsor clock runs from it.`}
                  required
                  {...form.getInputProps('siteAwareAt')}
                />
                <Textarea
                  label="SAE narrative"
                  description="The initial report; the investigator signs it"
                  autosize
                  minRows={3}
                  {...form.getInputProps('narrative')}
                />
              </>
            )}
          </>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label="Causality" required data={selectData(causalityOptions)} {...form.getInputProps('causality')} />
          <Select label="Expectedness" required data={selectData(expectednessOptions)} {...form.getInputProps('expectedness')} />
          <TextInput
            label="Reference safety information"
            description="The Investigator's Brochure version in force"
            {...form.getInputProps('referenceSafetyInfo')}
          />
          <Select
            label="Action taken with study treatment"
            required
            data={selectData(actionTakenOptions)}
            {...form.getInputProps('actionTaken')}
          />
          <Select label="Outcome" required data={selectData(outcomeOptions)} {...form.getInputProps('outcome')} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={submit.isPending}>
            {event ? 'Save' : 'Record adverse event'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
