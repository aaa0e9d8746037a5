import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import type { RequestBody } from '../../app/api-types';
import { DateField, numberOrNull, ReasonField } from '../../components/form-fields';
import { changedFields } from '../../components/form-problems';
import { ProblemAlert } from '../../components/problem-alert';
import { RemoteSelect } from '../../components/remote-select';
import { useFormMutation } from '../../components/use-form-mutation';
import { searchOrganizations } from '../organizations/organization-api';
import { invalidateStudySite, updateStudySite } from './study-site-api';
import type { StudySite } from './study-site-types';

interface EditValues extends Record<string, unknown> {
  siteNumber: string;
  targetEnrollment: number | string;
  activationDate: string;
  smoOrgId: string;
  reason: string;
}

interface EditStudySiteModalProps {
  current: { record: StudySite; etag: string };
  opened: boolean;
  onClose: () => void;
}

export function EditStudySiteModal({ current, opened, onClose }: EditStudySiteModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit site ${current.record.siteNumber} in ${current.record.studyShortName}`} size="lg">
      {opened && <EditStudySiteForm current={current} onClose={onClose} />}
    </Modal>
  );
}

const toInput = (values: EditValues): RequestBody<'/api/studies/{id}/sites/{studySiteId}', 'patch'> => ({
  siteNumber: values.siteNumber.trim(),
  targetEnrollment: numberOrNull(values.targetEnrollment),
  activationDate: values.activationDate || null,
  smoOrgId: values.smoOrgId || null,
});

function EditStudySiteForm({ current, onClose }: { current: { record: StudySite; etag: string }; onClose: () => void }) {
  const { record } = current;
  const queryClient = useQueryClient();
  const initial: EditValues = {
    siteNumber: record.siteNumber,
    targetEnrollment: record.targetEnrollment ?? '',
    activationDate: record.activationDate ?? '',
    smoOrgId: record.smoOrgId ?? '',
    reason: '',
  };
  const form = useForm<EditValues>({ initialValues: initial });
  const submit = useFormMutation(
    form,
    (values) => {
      const changes = changedFields(toInput(initial), toInput(values));
      // Nothing changed: no request, so the audit trail holds no empty "update".
      if (Object.keys(changes).length === 0) return Promise.resolve(record);
      return updateStudySite(record.studyId, record.id, current.etag, { ...changes, reason: values.reason.trim() || null });
    },
    (saved) => {
      invalidateStudySite(queryClient, saved);
      notifications.show({ color: 'green', title: 'Saved', message: `Site ${saved.siteNumber} updated.` });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert
          error={submit.error}
          shownPointers={submit.shownPointers}
          onReload={() => {
            invalidateStudySite(queryClient, record);
            onClose();
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Site number" required maxLength={20} {...form.getInputProps('siteNumber')} />
          <NumberInput label="Target enrollment" min={0} allowDecimal={false} {...form.getInputProps('targetEnrollment')} />
          <DateField label="Activation date" w="100%" {...form.getInputProps('activationDate')} />
          <RemoteSelect
            label="Supporting SMO"
            queryKey={['organizations', 'smo']}
            search={searchOrganizations('smo')}
            clearable
            selectedLabel={record.smoName}
            placeholder="None"
            error={form.errors.smoOrgId}
            value={form.getValues().smoOrgId || null}
            onChange={(value) => form.setFieldValue('smoOrgId', value ?? '')}
          />
        </SimpleGrid>
        <ReasonField {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
