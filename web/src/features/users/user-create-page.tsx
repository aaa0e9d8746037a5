import { Button, Group, PasswordInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { ProblemAlert } from '../../components/problem-alert';
import { RemoteSelect } from '../../components/remote-select';
import { SectionCard } from '../../components/section-card';
import { useFormMutation } from '../../components/use-form-mutation';
import { searchOrganizations } from '../organizations/organization-api';
import { passwordError } from './password-rules';
import { createUser, userKeys } from './user-api';

export function UserCreatePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { fullName: '', email: '', organizationId: '', password: '' },
    validate: {
      fullName: (value: string) => (value.trim() ? null : 'Required.'),
      email: (value: string) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Must be an e-mail address.'),
      organizationId: (value: string) => (value ? null : 'Choose the organization the user works for.'),
      password: passwordError,
    },
  });
  const submit = useFormMutation(
    form,
    (values) => createUser({ ...values, fullName: values.fullName.trim(), email: values.email.trim() }),
    (user) => {
      queryClient.invalidateQueries({ queryKey: userKeys.all });
      // A new user has no roles yet: the next step is granting one, on the user's page.
      navigate(`/users/${user.id}`);
    },
  );
  return (
    <>
      <PageHeader title="New user" trail={[{ label: 'Users', to: '/users' }, { label: 'New user' }]} />
      <form onSubmit={submit.onSubmit} noValidate>
        <Stack>
          <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
          <SectionCard title="Account">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Full name" required maxLength={200} {...form.getInputProps('fullName')} />
              <TextInput label="E-mail" type="email" required maxLength={254} autoComplete="off" {...form.getInputProps('email')} />
              <RemoteSelect
                label="Organization"
                queryKey={['organizations', 'all']}
                search={searchOrganizations()}
                required
                placeholder="Search organizations"
                error={form.errors.organizationId}
                value={form.getValues().organizationId || null}
                onChange={(value) => form.setFieldValue('organizationId', value ?? '')}
              />
              <PasswordInput
                label="Initial password"
                description="12 to 128 characters; any language, spaces and emoji are fine"
                required
                autoComplete="new-password"
                visibilityToggleButtonProps={{ 'aria-label': 'Show or hide what you typed' }}
                {...form.getInputProps('password')}
              />
            </SimpleGrid>
          </SectionCard>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => navigate('/users')}>
              Cancel
            </Button>
            <Button type="submit" loading={submit.isPending}>
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
