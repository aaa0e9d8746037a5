import { Button, Checkbox, Group, Modal, Progress, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FileField } from '../../components/file-field';
import { DateField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { labelOf } from '../../lib/enum-labels';
import { useSiteStaff } from '../people/person-api';
import { isCurrentRole, staffRoleOptions } from '../people/person-types';
import { ArtifactSelect } from './artifact-select';
import { invalidateDocuments, uploadDocument } from './document-api';
import type { DocumentDetail } from './document-types';

export const acceptedFiles = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,application/pdf,image/png,image/jpeg';

export interface UploadPreset {
  artifactNumber?: string;
  personId?: string | null;
  title?: string;
}

interface UploadValues extends Record<string, unknown> {
  file: File | null;
  artifactNumber: string;
  personId: string;
  title: string;
  effectiveDate: string;
  expiryDate: string;
  submit: boolean;
}

interface UploadDocumentModalProps {
  studyId: string;
  siteId: string;
  preset: UploadPreset | null;
  onClose: () => void;
  onUploaded?: (document: DocumentDetail) => void;
}

export function UploadDocumentModal({ preset, onClose, ...props }: UploadDocumentModalProps) {
  return (
    <Modal opened={preset !== null} onClose={onClose} title={<Text fw={600}>Upload a document to the site file</Text>} size="lg">
      {preset && <UploadForm preset={preset} onClose={onClose} {...props} />}
    </Modal>
  );
}

function UploadForm({ studyId, siteId, preset, onClose, onUploaded }: UploadDocumentModalProps & { preset: UploadPreset }) {
  const queryClient = useQueryClient();
  const staff = useSiteStaff(siteId);
  const [progress, setProgress] = useState<number | null>(null);
  const form = useForm<UploadValues>({
    initialValues: {
      file: null,
      artifactNumber: preset.artifactNumber ?? '',
      personId: preset.personId ?? '',
      title: preset.title ?? '',
      effectiveDate: '',
      expiryDate: '',
      submit: true,
    },
    validate: {
      file: (value) => (value ? null : 'Choose the file to upload.'),
      artifactNumber: (value) => (value ? null : 'Choose where the document is filed.'),
      title: (value) => (value.trim() ? null : 'Give the document a title.'),
      expiryDate: (value, values) =>
        value && values.effectiveDate && value < values.effectiveDate ? 'A document cannot expire before it takes effect.' : null,
    },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      setProgress(0);
      return uploadDocument(
        {
          file: values.file,
          studyId,
          siteId,
          personId: values.personId || undefined,
          artifactNumber: values.artifactNumber,
          title: values.title.trim(),
          effectiveDate: values.effectiveDate || undefined,
          expiryDate: values.expiryDate || undefined,
          submit: values.submit,
        },
        setProgress,
      ).finally(() => setProgress(null));
    },
    (document) => {
      invalidateDocuments(queryClient, document.id);
      notifications.show({
        color: 'green',
        title: 'Document uploaded',
        message: `${document.title} is filed under ${document.artifactNumber}.`,
      });
      onUploaded?.(document);
      onClose();
    },
  );
  const people = (staff.data ?? []).filter((member) => isCurrentRole(member) || member.personId === preset.personId);
  const personOptions = [...new Map(people.map((member) => [member.personId, member])).values()].map((member) => ({
    value: member.personId,
    label: `${member.personName} (${labelOf(staffRoleOptions, member.role)})`,
  }));
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <FileField
          label="File"
          description="PDF, PNG, JPEG, Word or Excel; the contents are checked, not the name"
          accept={acceptedFiles}
          required
          error={form.errors.file}
          onChange={(file) => form.setFieldValue('file', file)}
        />
        <ArtifactSelect
          siteLevelOnly
          required
          value={form.getValues().artifactNumber || null}
          onChange={(value) => form.setFieldValue('artifactNumber', value ?? '')}
          error={form.errors.artifactNumber}
        />
        <Select
          label="Person"
          description="For a CV, licence or financial disclosure: whose it is"
          placeholder="The site (no person)"
          clearable
          data={personOptions}
          {...form.getInputProps('personId')}
          value={form.getValues().personId || null}
          onChange={(value) => form.setFieldValue('personId', value ?? '')}
        />
        <TextInput
          label="Title"
          required
          maxLength={300}
          placeholder="e.g. CV Dr. Maya Okafor, signed and dated"
          {...form.getInputProps('title')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField label="Effective date" description="When it takes effect" w="100%" {...form.getInputProps('effectiveDate')} />
          <DateField label="Expiry date" description="Leave empty if it does not expire" w="100%" {...form.getInputProps('expiryDate')} />
        </SimpleGrid>
        <Checkbox label="Submit for review at once" {...form.getInputProps('submit', { type: 'checkbox' })} />
        {progress !== null && (
          <Stack gap={4} aria-live="polite">
            <Progress value={progress * 100} animated={progress >= 1} aria-label="Upload progress" />
            <Text size="xs" c="dimmed">
              {progress >= 1 ? 'Uploaded; the server is checking and filing the file…' : `Uploading… ${Math.round(progress * 100)}%`}
            </Text>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={submit.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending} leftSection={<IconUpload size={16} aria-hidden />}>
            Upload
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
