import { Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { CountrySelect } from '../../components/country-select';
import { ReasonField } from '../../components/form-fields';
import { blankToNull, changedFields } from '../../components/form-problems';
import { ProblemAlert } from '../../components/problem-alert';
import { RemoteSelect } from '../../components/remote-select';
import { SectionCard } from '../../components/section-card';
import { TimeZoneSelect } from '../../components/time-zone-select';
import { useFormMutation } from '../../components/use-form-mutation';
import { searchOrganizations } from '../organizations/organization-api';
import { createSite, type SiteInput, siteKeys, updateSite } from './site-api';
import type { Site } from './site-types';

interface SiteFormValues extends Record<string, unknown> {
  organizationId: string;
  name: string;
  addressLine: string;
  city: string;
  postalCode: string;
  country: string;
  timeZone: string;
  principalInvestigator: string;
  reason: string;
}

const toValues = (site?: Site): SiteFormValues => ({
  organizationId: site?.organizationId ?? '',
  name: site?.name ?? '',
  addressLine: site?.addressLine ?? '',
  city: site?.city ?? '',
  postalCode: site?.postalCode ?? '',
  country: site?.country ?? '',
  timeZone: site?.timeZone ?? '',
  principalInvestigator: site?.principalInvestigator ?? '',
  reason: '',
});

const toInput = ({ reason: _reason, organizationId: _organizationId, ...values }: SiteFormValues): SiteInput =>
  blankToNull(values) as SiteInput;

export function SiteForm({ current, onReload }: { current?: { record: Site; etag: string }; onReload?: () => void }) {
  const site = current?.record;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<SiteFormValues>({
    initialValues: toValues(site),
    validate: {
      organizationId: (value) => (value ? null : 'Choose the organization that runs the site.'),
      name: (value) => (value.trim() ? null : 'Required.'),
      country: (value) => (value ? null : 'Required.'),
      timeZone: (value) => (value ? null : 'Required.'),
    },
  });
  const submit = useFormMutation(
    form,
    (values) => {
      if (!current) return createSite({ ...toInput(values), organizationId: values.organizationId });
      const changes = changedFields(toInput(toValues(current.record)), toInput(values));
      // Nothing changed: no request, so the audit trail holds no empty "update".
      if (Object.keys(changes).length === 0) return Promise.resolve(current.record);
      return updateSite(current.record.id, current.etag, {
        ...changes,
        ...(values.reason.trim() ? { reason: values.reason.trim() } : {}),
      });
    },
    (saved) => {
      queryClient.invalidateQueries({ queryKey: siteKeys.all });
      queryClient.invalidateQueries({ queryKey: ['audit', 'site', saved.id] });
      navigate(`/sites/${saved.id}`);
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
        <SectionCard title="Site">
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Name" required maxLength={200} {...form.getInputProps('name')} />
              <RemoteSelect
                label="Organization"
                description={
                  site ? 'The organization of a site does not change.' : 'The hospital or clinic organization that runs the site'
                }
                queryKey={['organizations', 'site']}
                search={searchOrganizations('site')}
                required
                disabled={Boolean(site)}
                selectedLabel={site?.organizationName}
                placeholder="Search site organizations"
                error={form.errors.organizationId}
                value={form.getValues().organizationId || null}
                onChange={(value) => form.setFieldValue('organizationId', value ?? '')}
              />
            </SimpleGrid>
            <TextInput label="Principal investigator" maxLength={200} {...form.getInputProps('principalInvestigator')} />
          </Stack>
        </SectionCard>
        <SectionCard title="Address">
          <Stack>
            <TextInput label="Address" maxLength={300} {...form.getInputProps('addressLine')} />
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              <TextInput label="Postal code" maxLength={20} {...form.getInputProps('postalCode')} />
              <TextInput label="City" maxLength={120} {...form.getInputProps('city')} />
              <CountrySelect
                required
                clearable={false}
                value={form.getValues().country || null}
                error={form.errors.country}
                onChange={(value) => form.setFieldValue('country', value ?? '')}
              />
              <TimeZoneSelect
                required
                value={form.getValues().timeZone || null}
                error={form.errors.timeZone}
                onChange={(value) => form.setFieldValue('timeZone', value ?? '')}
              />
            </SimpleGrid>
          </Stack>
        </SectionCard>
        {site && <ReasonField {...form.getInputProps('reason')} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => navigate(site ? `/sites/${site.id}` : '/sites')}>
            Cancel
          </Button>
          <Button type="submit" loading={submit.isPending}>
            {site ? 'Save changes' : 'Create site'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
