import { Button, Group, Modal, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { DateField, numberOrNull } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { RemoteSelect } from '../../components/remote-select';
import { useFormMutation } from '../../components/use-form-mutation';
import { selectData } from '../../lib/enum-labels';
import { searchOrganizations } from '../organizations/organization-api';
import { searchSites } from '../sites/site-api';
import { addSiteToStudy, invalidateStudySite } from './study-site-api';
import { type StudySiteStatus, studySiteStatusOptions } from './study-site-types';

interface AddSiteValues extends Record<string, unknown> {
  siteId: string;
  siteNumber: string;
  status: StudySiteStatus;
  targetEnrollment: number | string;
  activationDate: string;
  smoOrgId: string;
}

export function AddSiteModal({ studyId, opened, onClose }: { studyId: string; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add a site to this study" size="lg">
      {opened && <AddSiteForm studyId={studyId} onClose={onClose} />}
    </Modal>
  );
}

function AddSiteForm({ studyId, onClose }: { studyId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm<AddSiteValues>({
    initialValues: { siteId: '', siteNumber: '', status: 'candidate', targetEnrollment: '', activationDate: '', smoOrgId: '' },
    validate: {
      siteId: (value) => (value ? null : 'Choose a site.'),
      siteNumber: (value) => (value.trim() ? null : 'Required.'),
    },
  });
  const submit = useFormMutation(
    form,
    (values) =>
      addSiteToStudy(studyId, {
        siteId: values.siteId,
        siteNumber: values.siteNumber.trim(),
        status: values.status,
        targetEnrollment: numberOrNull(values.targetEnrollment),
        activationDate: values.activationDate || null,
        smoOrgId: values.smoOrgId || null,
      }),
    (saved) => {
      invalidateStudySite(queryClient, saved);
      notifications.show({
        color: 'green',
        title: 'Site added',
        message: `${saved.siteName} is site ${saved.siteNumber} of ${saved.studyShortName}.`,
      });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <RemoteSelect
          label="Site"
          queryKey={['sites', 'search']}
          search={searchSites}
          required
          placeholder="Search by name or city"
          error={form.errors.siteId}
          value={form.getValues().siteId || null}
          onChange={(value) => form.setFieldValue('siteId', value ?? '')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Site number"
            description="The protocol's number for this site, e.g. 104"
            required
            maxLength={20}
            {...form.getInputProps('siteNumber')}
          />
          <NativeSelect label="Initial status" data={selectData(studySiteStatusOptions)} {...form.getInputProps('status')} />
          <NumberInput label="Target enrollment" min={0} allowDecimal={false} {...form.getInputProps('targetEnrollment')} />
          <DateField label="Activation date" w="100%" {...form.getInputProps('activationDate')} />
        </SimpleGrid>
        <RemoteSelect
          label="Supporting SMO"
          queryKey={['organizations', 'smo']}
          search={searchOrganizations('smo')}
          clearable
          placeholder="None"
          error={form.errors.smoOrgId}
          value={form.getValues().smoOrgId || null}
          onChange={(value) => form.setFieldValue('smoOrgId', value ?? '')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Add site
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
