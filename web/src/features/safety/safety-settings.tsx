import { ActionIcon, Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api, ifMatch } from '../../app/api-client';
import type { Answer } from '../../app/api-types';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { useFormMutation } from '../../components/use-form-mutation';
import { useCan } from '../auth/auth-api';
import { safetyKeys } from './safety-api';

type Settings = Answer<'/api/studies/{id}/safety-settings'>;

function useSafetySettings(studyId: string) {
  return useQuery({
    queryKey: [...safetyKeys.all, 'settings', studyId],
    queryFn: ({ signal }) => answer(api.GET('/api/studies/{id}/safety-settings', { params: { path: { id: studyId } }, signal })),
  });
}

/**
 * The study's safety clocks (ADR 0022): hours from the site's awareness to the sponsor, and per
 * country the SUSAR days when they differ from ICH E2A's 7 (+8 for the complete report) and 15.
 */
export function SafetySettings({ studyId }: { studyId: string }) {
  const settings = useSafetySettings(studyId);
  const canConfigure = useCan('safety.configure');
  return (
    <SectionCard title="Safety reporting clocks" framed={false}>
      {settings.isError && <ProblemAlert error={settings.error} />}
      {settings.data &&
        (canConfigure ? (
          <SettingsForm studyId={studyId} settings={settings.data} />
        ) : (
          <Text size="sm">
            SAE to the sponsor within <strong>{settings.data.siteReportHours} hours</strong>;{' '}
            {settings.data.countryRules.length === 0
              ? 'SUSARs on the ICH E2A days in every country.'
              : `country overrides: ${settings.data.countryRules.map((r) => `${r.country} ${r.fatalDays}+${r.completionDays}/${r.otherDays} days`).join(', ')}.`}
          </Text>
        ))}
    </SectionCard>
  );
}

function SettingsForm({ studyId, settings }: { studyId: string; settings: Settings }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      siteReportHours: settings.siteReportHours,
      countryRules: settings.countryRules.map((r) => ({ ...r, key: randomId() })),
    },
  });
  const submit = useFormMutation(
    form,
    (values) =>
      answer(
        api.PUT('/api/studies/{id}/safety-settings', {
          params: { path: { id: studyId } },
          body: {
            siteReportHours: Number(values.siteReportHours),
            countryRules: values.countryRules.map(({ key: _key, ...r }) => ({ ...r, country: r.country.trim().toUpperCase() })),
          },
          headers: ifMatch(`"${settings.version}"`),
        }),
      ),
    () => {
      queryClient.invalidateQueries({ queryKey: safetyKeys.all });
      notifications.show({
        color: 'green',
        title: 'Safety clocks saved',
        message: 'They apply to reports opened and SUSARs decided from now on.',
      });
    },
    { nested: true },
  );
  const rules = form.getValues().countryRules;
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack maw={720}>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} />
        <NumberInput
          label="Site to sponsor (hours)"
          description="From the site's awareness of a serious adverse event; 24 by default"
          min={1}
          max={720}
          w={240}
          {...form.getInputProps('siteReportHours')}
        />
        <Text size="sm" fw={500}>
          SUSAR days per country (ICH E2A: 7, complete report 8 days later, otherwise 15)
        </Text>
        {rules.map((rule, index) => (
          <Group key={rule.key} align="flex-end">
            <TextInput label="Country" w={90} maxLength={2} {...form.getInputProps(`countryRules.${index}.country`)} />
            <NumberInput
              label="Fatal or life-threatening"
              w={180}
              min={1}
              max={90}
              {...form.getInputProps(`countryRules.${index}.fatalDays`)}
            />
            <NumberInput
              label="Complete report after"
              w={170}
              min={1}
              max={90}
              {...form.getInputProps(`countryRules.${index}.completionDays`)}
            />
            <NumberInput label="Other SUSARs" w={130} min={1} max={90} {...form.getInputProps(`countryRules.${index}.otherDays`)} />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove ${rule.country || 'this country'}`}
              onClick={() => form.removeListItem('countryRules', index)}
              mb={6}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() =>
              form.insertListItem('countryRules', { country: '', fatalDays: 7, completionDays: 8, otherDays: 15, key: randomId() })
            }
          >
            Add a country
          </Button>
          <Button type="submit" loading={submit.isPending} disabled={!form.isDirty()}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
