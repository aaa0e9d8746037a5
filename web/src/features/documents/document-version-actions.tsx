import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconSend, IconSignature } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { SignatureModal } from '../../components/signature-modal';
import { useFormMutation } from '../../components/use-form-mutation';
import { useCan } from '../auth/auth-api';
import { approveVersion, invalidateDocuments, returnVersion, submitVersion } from './document-api';
import type { DocumentDetail, DocumentVersion } from './document-types';

/** What can happen to one version next: submit (draft, returned), approve with a signature or return (submitted). */
export function VersionActions({ document, version }: { document: DocumentDetail; version: DocumentVersion }) {
  const queryClient = useQueryClient();
  const canWrite = useCan('document.write');
  const canApprove = useCan('document.approve');
  const [signing, setSigning] = useState(false);
  const [returning, setReturning] = useState(false);
  const etag = `"${version.version}"`;
  const refresh = () => invalidateDocuments(queryClient, document.id);
  const submit = useMutation({
    mutationFn: () => submitVersion(document.id, version.id, etag),
    onSuccess: () => {
      refresh();
      notifications.show({ color: 'green', title: 'Submitted for review', message: `Version ${version.versionNumber} awaits review.` });
    },
  });
  const canSubmit = canWrite && (version.reviewStatus === 'draft' || version.reviewStatus === 'returned');
  const inReview = canApprove && version.reviewStatus === 'submitted';
  if (!canSubmit && !inReview) return null;
  return (
    <Stack gap={4}>
      {submit.error && <ProblemAlert error={submit.error} onReload={refresh} />}
      <Group gap={6} wrap="nowrap">
        {canSubmit && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconSend size={14} aria-hidden />}
            loading={submit.isPending}
            onClick={() => submit.mutate()}
          >
            Submit
          </Button>
        )}
        {inReview && (
          <>
            <Button size="xs" color="green" leftSection={<IconSignature size={14} aria-hidden />} onClick={() => setSigning(true)}>
              Approve
            </Button>
            <Button
              size="xs"
              variant="light"
              color="orange"
              leftSection={<IconArrowBackUp size={14} aria-hidden />}
              onClick={() => setReturning(true)}
            >
              Return
            </Button>
          </>
        )}
      </Group>
      <SignatureModal
        opened={signing}
        onClose={() => setSigning(false)}
        title={`Approve version ${version.versionNumber}`}
        subject={
          <>
            You are signing <strong>{document.title}</strong>, version {version.versionNumber} ({version.fileName}), filed as{' '}
            {document.artifactNumber} {document.artifactName}. The signature is bound to this file's SHA-256 hash{' '}
            <Text span ff="monospace" size="xs">
              {version.contentHash.slice(0, 16)}…
            </Text>
          </>
        }
        meanings={['approval', 'review']}
        sign={(input) => approveVersion(document.id, version.id, etag, input)}
        onSigned={() => {
          refresh();
          notifications.show({ color: 'green', title: 'Approved and signed', message: `Version ${version.versionNumber} is approved.` });
        }}
        onReload={refresh}
      />
      <ReturnModal document={document} version={version} opened={returning} onClose={() => setReturning(false)} />
    </Stack>
  );
}

function ReturnModal({
  document,
  version,
  opened,
  onClose,
}: {
  document: DocumentDetail;
  version: DocumentVersion;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Return version {version.versionNumber}</Text>} size="lg">
      {opened && <ReturnForm document={document} version={version} onClose={onClose} />}
    </Modal>
  );
}

function ReturnForm({ document, version, onClose }: { document: DocumentDetail; version: DocumentVersion; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (value) => (value.trim() ? null : 'Say what needs fixing, so the site can correct it.') },
  });
  const submit = useFormMutation(
    form,
    (values) => returnVersion(document.id, version.id, `"${version.version}"`, values.reason.trim()),
    () => {
      invalidateDocuments(queryClient, document.id);
      notifications.show({ color: 'orange', title: 'Returned', message: `Version ${version.versionNumber} went back to the site.` });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert
          error={submit.error}
          shownPointers={submit.shownPointers}
          onReload={() => invalidateDocuments(queryClient, document.id)}
        />
        <Text size="sm">
          {document.title}, version {version.versionNumber}, goes back to the site for correction. Your reason is shown to them and recorded
          in the audit trail.
        </Text>
        <ReasonField required placeholder="e.g. The CV is not signed and dated" {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="orange" loading={submit.isPending}>
            Return to site
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
