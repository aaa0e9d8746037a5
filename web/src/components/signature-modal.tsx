import { Alert, Button, Group, Modal, NativeSelect, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock, IconSignature } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { isApiError } from '../app/api-client';
import type { RequestBody } from '../app/api-types';
import { ProblemAlert } from './problem-alert';
import { useFormMutation } from './use-form-mutation';

/** Every meaning a signature may carry (21 CFR 11.50(a)(3)), as the approval of a document takes it. */
export type SignatureMeaning = NonNullable<RequestBody<'/api/documents/{id}/versions/{versionId}/approve', 'post'>['meaning']>;

export const signatureMeaningLabels: Record<SignatureMeaning, string> = {
  approval: 'Approval — I approve this content',
  review: 'Review — I have reviewed this content',
  authorship: 'Authorship — I am the author of this content',
  responsibility: 'Responsibility — I take responsibility for this content',
};

export const meaningLabel = (meaning: string) => signatureMeaningLabels[meaning as SignatureMeaning]?.split(' — ')[0] ?? meaning;

interface SignatureModalProps<M extends SignatureMeaning> {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What is being signed, in a sentence or two, shown above the form. */
  subject: ReactNode;
  /** The meanings this record's signature may carry (the server accepts no other). */
  meanings: readonly M[];
  sign: (input: { password: string; meaning: M }) => Promise<unknown>;
  onSigned: () => void;
  /** Offered on 412, when the record changed since the page read it. */
  onReload?: () => void;
}

interface SignatureValues<M extends SignatureMeaning> extends Record<string, unknown> {
  meaning: M;
  password: string;
}

/** An electronic signature: the meaning and the password again, as 21 CFR 11.50 and 11.200(a) require. */
export function SignatureModal<M extends SignatureMeaning>(props: SignatureModalProps<M>) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={<Text fw={600}>{props.title}</Text>} size="lg">
      {props.opened && <SignatureForm {...props} />}
    </Modal>
  );
}

function SignatureForm<M extends SignatureMeaning>({ onClose, subject, meanings, sign, onSigned, onReload }: SignatureModalProps<M>) {
  const form = useForm<SignatureValues<M>>({
    initialValues: { meaning: meanings[0] as M, password: '' },
    validate: { password: (value) => (value ? null : 'Enter your password to sign.') },
  });
  const submit = useFormMutation(
    form,
    (values) => sign({ password: values.password, meaning: values.meaning }),
    () => {
      onSigned();
      onClose();
    },
  );
  const locked = isApiError(submit.error, 423);
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack>
        {locked ? (
          <Alert color="red" icon={<IconLock />} title="Your account is locked" role="alert">
            {isApiError(submit.error) && submit.error.problem.detail}
            <Text size="sm" mt={4}>
              Nothing was signed. Try again after the lockout ends, or ask an administrator to unlock your account.
            </Text>
          </Alert>
        ) : (
          <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={onReload} />
        )}
        <Text size="sm">{subject}</Text>
        <Alert color="blue" variant="light" icon={<IconSignature />} title="Electronic signature">
          Signing is legally binding: under 21 CFR Part 11 this electronic signature is the equivalent of your handwritten signature. It
          records your printed name, the date and time (UTC) and the meaning you choose below, and is linked to exactly this content.
        </Alert>
        <NativeSelect
          label="Meaning of the signature"
          required
          data={meanings.map((value) => ({ value, label: signatureMeaningLabels[value] }))}
          {...form.getInputProps('meaning')}
        />
        <PasswordInput
          label="Password"
          description="Your login password, entered again to sign"
          required
          autoComplete="current-password"
          data-autofocus
          disabled={locked}
          {...form.getInputProps('password')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending} disabled={locked} leftSection={<IconSignature size={16} aria-hidden />}>
            Sign
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
