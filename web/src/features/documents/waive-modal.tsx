import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { useFormMutation } from '../../components/use-form-mutation';
import { invalidateDocuments, waiveDocument } from './document-api';
import type { CompletenessItem } from './document-types';

interface WaiveModalProps {
  studyId: string;
  siteId: string;
  item: CompletenessItem | null;
  onClose: () => void;
}

/** A gap that will not be filled (e.g. covered by a network agreement) is waived with a reason, never just ignored. */
export function WaiveModal({ item, onClose, ...props }: WaiveModalProps) {
  return (
    <Modal opened={item !== null} onClose={onClose} title={<Text fw={600}>Waive an expected document</Text>} size="lg">
      {item && <WaiveForm item={item} onClose={onClose} {...props} />}
    </Modal>
  );
}

function WaiveForm({ studyId, siteId, item, onClose }: WaiveModalProps & { item: CompletenessItem }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (value) => (value.trim() ? null : 'Say why this document is not needed here.') },
  });
  const submit = useFormMutation(
    form,
    (values) =>
      waiveDocument(studyId, { siteId, personId: item.personId, artifactNumber: item.artifactNumber, reason: values.reason.trim() }),
    () => {
      invalidateDocuments(queryClient);
      notifications.show({ color: 'green', title: 'Waived', message: `${item.artifactName} no longer counts as missing.` });
      onClose();
    },
  );
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <Text size="sm">
          <strong>
            {item.artifactNumber} {item.artifactName}
          </strong>
          {item.personName ? ` for ${item.personName}` : ' for the site'} will count as waived, not missing. The waiver and its reason are
          recorded in the audit trail.
        </Text>
        <ReasonField required placeholder="e.g. Covered by the master agreement with the site network" {...form.getInputProps('reason')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            Waive
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
