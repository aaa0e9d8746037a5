import { Button, Checkbox, Group, Modal, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Versioned } from '../../app/api-client';
import { FileField } from '../../components/file-field';
import { DateField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { invalidateDocuments, uploadDocumentVersion } from './document-api';
import type { DocumentDetail } from './document-types';
import { acceptedFiles } from './upload-document-modal';

interface NewVersionValues extends Record<string, unknown> {
  file: File | null;
  effectiveDate: string;
  expiryDate: string;
  submit: boolean;
}

export function NewVersionModal({
  current,
  opened,
  onClose,
}: {
  current: Versioned<DocumentDetail>;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Upload a new version</Text>} size="lg">
      {opened && <NewVersionForm current={current} onClose={onClose} />}
    </Modal>
  );
}

function NewVersionForm({ current, onClose }: { current: Versioned<DocumentDetail>; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const document = current.record;
  const form = useForm<NewVersionValues>({
    initialValues: { file: null, effectiveDate: '', expiryDate: '', submit: true },
    validate: {
      file: (value) => (value ? null : 'Choose the file to upload.'),
      expiryDate: (value, values) =>
        value && values.effectiveDate && value < values.effectiveDate ? 'A document cannot expire before it takes effect.' : null,
    },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      setProgress(0);
      return uploadDocumentVersion(
        document.id,
        current.etag,
        {
          file: values.file,
          effectiveDate: values.effectiveDate || undefined,
          expiryDate: values.expiryDate || undefined,
          submit: values.submit,
        },
        setProgress,
      ).finally(() => setProgress(null));
    },
    (saved) => {
      invalidateDocuments(queryClient, saved.id);
      notifications.show({
        color: 'green',
        title: 'New version uploaded',
        message: `${saved.title} is now at version ${saved.currentVersionNumber}.`,
      });
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
            invalidateDocuments(queryClient, document.id);
            onClose();
          }}
        />
        <Text size="sm">
          The earlier versions stay in the record, unchanged. Signatures on them stay valid for them; the new version needs its own review.
        </Text>
        <FileField
          label="File"
          description="PDF, PNG, JPEG, Word or Excel; the contents are checked, not the name"
          accept={acceptedFiles}
          required
          error={form.errors.file}
          onChange={(file) => form.setFieldValue('file', file)}
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
            Upload version
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
