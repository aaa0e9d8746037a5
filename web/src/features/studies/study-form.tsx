import { Button, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { DateField, numberOrNull, ReasonField } from '../../components/form-fields';
import { blankToNull, changedFields } from '../../components/form-problems';
import { ProblemAlert } from '../../components/problem-alert';
import { RemoteSelect } from '../../components/remote-select';
import { SectionCard } from '../../components/section-card';
import { useFormMutation } from '../../components/use-form-mutation';
import { selectData } from '../../lib/enum-labels';
import { searchOrganizations } from '../organizations/organization-api';
import { createStudy, type StudyInput, studyKeys, updateStudy } from './study-api';
import { phaseOptions, type Study, type StudyPhase, type StudyStatus, studyStatusOptions } from './study-types';

interface StudyFormValues extends Record<string, unknown> {
  sponsorOrgId: string;
  croOrgId: string;
  protocolNumber: string;
  shortName: string;
  title: string;
  phase: StudyPhase;
  status: StudyStatus;
  therapeuticArea: string;
  indication: string;
  enrollmentTarget: number | string;
  plannedSites: number | string;
  plannedFpiDate: string;
  plannedLpiDate: string;
  reason: string;
}

function toValues(study?: Study): StudyFormValues {
  return {
    sponsorOrgId: study?.sponsorOrgId ?? '',
    croOrgId: study?.croOrgId ?? '',
    protocolNumber: study?.protocolNumber ?? '',
    shortName: study?.shortName ?? '',
    title: study?.title ?? '',
    phase: study?.phase ?? 'phase_2',
    status: study?.status ?? 'planning',
    therapeuticArea: study?.therapeuticArea ?? '',
    indication: study?.indication ?? '',
    enrollmentTarget: study?.enrollmentTarget ?? '',
    plannedSites: study?.plannedSites ?? '',
    plannedFpiDate: study?.plannedFpiDate ?? '',
    plannedLpiDate: study?.plannedLpiDate ?? '',
    reason: '',
  };
}

function toInput({ reason: _reason, enrollmentTarget, plannedSites, ...values }: StudyFormValues): StudyInput {
  const text = blankToNull(values);
  return {
    ...text,
    sponsorOrgId: values.sponsorOrgId,
    croOrgId: text.croOrgId,
    enrollmentTarget: numberOrNull(enrollmentTarget),
    plannedSites: numberOrNull(plannedSites),
  } as StudyInput;
}

interface StudyFormProps {
  /** The study being edited with the ETag it was read with; absent when creating. */
  current?: { record: Study; etag: string };
  onReload?: () => void;
}

export function StudyForm({ current, onReload }: StudyFormProps) {
  const study = current?.record;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<StudyFormValues>({
    initialValues: toValues(study),
    validate: {
      sponsorOrgId: (value) => (value ? null : 'Choose the sponsor.'),
      protocolNumber: (value) => (value.trim() ? null : 'Required.'),
      shortName: (value) => (value.trim() ? null : 'Required.'),
      title: (value) => (value.trim() ? null : 'Required.'),
    },
  });

  const submit = useFormMutation(
    form,
    (values) => {
      if (!current) return createStudy(toInput(values));
      const { sponsorOrgId: _fixed, ...changes } = changedFields(toInput(toValues(current.record)), toInput(values));
      // Nothing changed: no request, so the audit trail holds no empty "update".
      if (Object.keys(changes).length === 0) return Promise.resolve(current.record);
      return updateStudy(current.record.id, current.etag, {
        ...changes,
        ...(values.reason.trim() ? { reason: values.reason.trim() } : {}),
      } as StudyInput);
    },
    (saved) => {
      queryClient.invalidateQueries({ queryKey: studyKeys.all });
      queryClient.invalidateQueries({ queryKey: ['audit', 'study', saved.id] });
      navigate(`/studies/${saved.id}`);
    },
  );

  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert
          error={submit.error}
          shownPointers={submit.shownPointers}
          onReload={
            onReload &&
            (() => {
              onReload();
              submit.reset();
            })
          }
        />
        <SectionCard title="Protocol">
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Short name"
                description="How people refer to the study, e.g. AURORA"
                required
                maxLength={60}
                {...form.getInputProps('shortName')}
              />
              <TextInput label="Protocol number" required maxLength={50} {...form.getInputProps('protocolNumber')} />
            </SimpleGrid>
            <Textarea label="Title" required autosize minRows={2} maxLength={500} {...form.getInputProps('title')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect label="Phase" data={selectData(phaseOptions)} {...form.getInputProps('phase')} />
              <NativeSelect label="Status" data={selectData(studyStatusOptions)} {...form.getInputProps('status')} />
              <TextInput label="Therapeutic area" maxLength={120} {...form.getInputProps('therapeuticArea')} />
              <TextInput label="Indication" maxLength={200} {...form.getInputProps('indication')} />
            </SimpleGrid>
          </Stack>
        </SectionCard>
        <SectionCard title="Parties">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <RemoteSelect
              label="Sponsor"
              queryKey={['organizations', 'sponsor']}
              search={searchOrganizations('sponsor')}
              required
              disabled={Boolean(study)}
              description={study ? 'The sponsor of a study does not change.' : undefined}
              selectedLabel={study?.sponsorName}
              placeholder="Search sponsors"
              error={form.errors.sponsorOrgId}
              value={form.getValues().sponsorOrgId || null}
              onChange={(value) => form.setFieldValue('sponsorOrgId', value ?? '')}
            />
            <RemoteSelect
              label="CRO"
              queryKey={['organizations', 'cro']}
              search={searchOrganizations('cro')}
              clearable
              selectedLabel={study?.croName}
              placeholder="None"
              error={form.errors.croOrgId}
              value={form.getValues().croOrgId || null}
              onChange={(value) => form.setFieldValue('croOrgId', value ?? '')}
            />
          </SimpleGrid>
        </SectionCard>
        <SectionCard title="Plan">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <NumberInput
              label="Enrollment target"
              min={0}
              max={1_000_000}
              allowDecimal={false}
              {...form.getInputProps('enrollmentTarget')}
            />
            <NumberInput label="Planned sites" min={0} max={1_000_000} allowDecimal={false} {...form.getInputProps('plannedSites')} />
            <DateField label="Planned first participant in (FPI)" w="100%" {...form.getInputProps('plannedFpiDate')} />
            <DateField label="Planned last participant in (LPI)" w="100%" {...form.getInputProps('plannedLpiDate')} />
          </SimpleGrid>
        </SectionCard>
        {study && <ReasonField {...form.getInputProps('reason')} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => navigate(study ? `/studies/${study.id}` : '/studies')}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            {study ? 'Save changes' : 'Create study'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
