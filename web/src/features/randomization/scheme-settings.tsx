import { ActionIcon, Alert, Badge, Button, Checkbox, Code, Group, NativeSelect, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconLock, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isApiError } from '../../app/api-client';
import { ReasonField } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { useFormMutation } from '../../components/use-form-mutation';
import { labelOf, selectData } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import {
  type Blinding,
  blindingOptions,
  invalidateRandomization,
  type RandomizationScheme,
  saveRandomizationScheme,
  useRandomizationScheme,
} from './randomization-api';
import { schemeErrorPath } from './scheme-error-path';

interface FactorDraft {
  code: string;
  label: string;
  /** 'lt65=Under 65, ge65=65 or older': one line keeps a factor's levels readable. */
  levels: string;
}

interface SchemeValues extends Record<string, unknown> {
  blinding: Blinding;
  protocolArms: boolean;
  arms: { code: string; ratio: number | string }[];
  blockSizes: string;
  stratifyBySite: boolean;
  strataFactors: FactorDraft[];
  reason: string;
}

const levelsText = (levels: { code: string; label: string }[]) => levels.map((level) => `${level.code}=${level.label}`).join(', ');

function parseLevels(text: string) {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [code = '', ...label] = part.split('=');
      return { code: code.trim(), label: (label.join('=') || code).trim() };
    });
}

/** The study's stratified permuted-block scheme (study managers); fixed once anyone is randomized. */
export function SchemeSettings({ studyId }: { studyId: string }) {
  const scheme = useRandomizationScheme(studyId);
  const canConfigure = useCan('randomization.configure');
  const missing = isApiError(scheme.error, 404);
  if (scheme.isPending) return <Text c="dimmed">Loading the randomization scheme…</Text>;
  if (scheme.isError && !missing) return <ProblemAlert error={scheme.error} />;
  const current = scheme.data;
  return (
    <SectionCard title="Randomization scheme" framed={false}>
      <Stack>
        {current ? (
          <SchemeSummary scheme={current.record} />
        ) : (
          <Text size="sm" c="dimmed">
            No scheme yet: nobody can be randomized until a study manager sets one.
          </Text>
        )}
        {canConfigure && (!current || current.record.allocationCount === 0) && (
          <SchemeForm studyId={studyId} current={current?.record} etag={current?.etag} />
        )}
      </Stack>
    </SectionCard>
  );
}

function SchemeSummary({ scheme }: { scheme: RandomizationScheme }) {
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Badge variant="light" radius="sm" tt="none" color={blindingOptions.find((o) => o.value === scheme.blinding)?.color}>
          {labelOf(blindingOptions, scheme.blinding)}
        </Badge>
        <Text size="sm">Arms {scheme.arms.map((arm) => `${arm.code} (${arm.ratio})`).join(' : ')}</Text>
        {scheme.blockSizes && <Text size="sm">Block sizes {scheme.blockSizes.join(', ')}</Text>}
        {scheme.stratifyBySite && <Text size="sm">Stratified by site</Text>}
      </Group>
      {scheme.strataFactors.map((factor) => (
        <Text size="sm" key={factor.code}>
          <strong>{factor.label}</strong>: {factor.levels.map((level) => level.label).join(' / ')}
        </Text>
      ))}
      <Text size="sm">
        Seed SHA-256: <Code>{scheme.seedSha256}</Code>
      </Text>
      <Text size="xs" c="dimmed">
        The seed is made and kept by the server and never shown; its hash lets an auditor check the allocation list is reproducible from it.
      </Text>
      {scheme.allocationCount > 0 && (
        <Alert color="gray" variant="light" icon={<IconLock />}>
          {scheme.allocationCount} participant(s) randomized: the scheme can no longer change.
        </Alert>
      )}
    </Stack>
  );
}

function SchemeForm({ studyId, current, etag }: { studyId: string; current?: RandomizationScheme; etag?: string }) {
  const queryClient = useQueryClient();
  const form = useForm<SchemeValues>({
    initialValues: {
      blinding: current?.blinding ?? 'double',
      protocolArms: !current,
      arms: current?.arms.map((arm) => ({ code: arm.code, ratio: arm.ratio })) ?? [],
      blockSizes: current?.blockSizes?.join(', ') ?? '4, 6',
      stratifyBySite: current?.stratifyBySite ?? false,
      strataFactors:
        current?.strataFactors.map((factor) => ({ code: factor.code, label: factor.label, levels: levelsText(factor.levels) })) ?? [],
      reason: '',
    },
    validate: {
      blockSizes: (value) =>
        value.split(',').every((part) => /^\s*\d+\s*$/.test(part)) ? null : 'Whole numbers separated by commas, e.g. 4, 6.',
    },
  });
  // The API's pointers go deeper than the inputs: '/blockSizes/1' is the block sizes input,
  // '/strataFactors/0/levels/2/code' the first factor's levels; '/arms' the arms section.
  const errorTarget = { ...form, setFieldError: (path: string, message: ReactNode) => form.setFieldError(schemeErrorPath(path), message) };
  const submit = useFormMutation(
    errorTarget,
    (values) =>
      saveRandomizationScheme(studyId, etag, {
        blinding: values.blinding,
        ...(values.protocolArms ? {} : { arms: values.arms.map((arm) => ({ code: arm.code.trim(), ratio: Number(arm.ratio) })) }),
        blockSizes: values.blockSizes.split(',').map((part) => Number(part.trim())),
        stratifyBySite: values.stratifyBySite,
        strataFactors: values.strataFactors.map((factor) => ({
          code: factor.code.trim(),
          label: factor.label.trim(),
          levels: parseLevels(factor.levels),
        })),
        reason: values.reason.trim() || null,
      }) as Promise<unknown>,
    () => {
      invalidateRandomization(queryClient);
      notifications.show({ color: 'green', title: 'Randomization scheme saved', message: 'A new secret seed was made by the server.' });
    },
    { nested: true },
  );
  const values = form.getValues();
  return (
    <form onSubmit={submit.onSubmit} noValidate>
      <Stack maw={760}>
        <ProblemAlert error={submit.error} shownPointers={submit.shownPointers} onReload={() => invalidateRandomization(queryClient)} />
        <NativeSelect label="Blinding" data={selectData(blindingOptions)} w={240} {...form.getInputProps('blinding')} />
        <Checkbox
          label="Every arm of the newest final protocol version, with its allocation ratio"
          {...form.getInputProps('protocolArms', { type: 'checkbox' })}
        />
        {form.errors.arms && (
          <Text size="sm" c="red" role="alert">
            {form.errors.arms}
          </Text>
        )}
        {!values.protocolArms && (
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Arms and ratios
            </Text>
            {values.arms.map((_, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
              <Group key={index} gap="xs" align="flex-end">
                <TextInput
                  label={index === 0 ? 'Arm code' : undefined}
                  aria-label="Arm code"
                  w={160}
                  {...form.getInputProps(`arms.${index}.code`)}
                />
                <NumberInput
                  label={index === 0 ? 'Ratio' : undefined}
                  aria-label="Ratio"
                  min={1}
                  max={100}
                  w={100}
                  {...form.getInputProps(`arms.${index}.ratio`)}
                />
                <ActionIcon variant="subtle" color="red" aria-label="Remove arm" onClick={() => form.removeListItem('arms', index)} mb={4}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Button
              size="xs"
              variant="subtle"
              w="fit-content"
              leftSection={<IconPlus size={14} />}
              onClick={() => form.insertListItem('arms', { code: '', ratio: 1 })}
            >
              Add arm
            </Button>
          </Stack>
        )}
        <TextInput
          label="Block sizes"
          description="Each a multiple of the sum of the ratios; each block takes one at random. Up to five."
          w={320}
          {...form.getInputProps('blockSizes')}
        />
        <Checkbox label="Stratify by site" {...form.getInputProps('stratifyBySite', { type: 'checkbox' })} />
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            Stratification factors
          </Text>
          {form.errors.strataFactors && (
            <Text size="sm" c="red" role="alert">
              {form.errors.strataFactors}
            </Text>
          )}
          {values.strataFactors.map((_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
            <Group key={index} gap="xs" align="flex-end" wrap="nowrap">
              <TextInput label="Code" w={110} {...form.getInputProps(`strataFactors.${index}.code`)} />
              <TextInput label="Label" w={180} {...form.getInputProps(`strataFactors.${index}.label`)} />
              <TextInput
                label="Levels (code=label, …)"
                placeholder="lt65=Under 65, ge65=65 or older"
                style={{ flex: 1 }}
                {...form.getInputProps(`strataFactors.${index}.levels`)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label="Remove factor"
                onClick={() => form.removeListItem('strataFactors', index)}
                mb={4}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Button
            size="xs"
            variant="subtle"
            w="fit-content"
            leftSection={<IconPlus size={14} />}
            onClick={() => form.insertListItem('strataFactors', { code: '', label: '', levels: '' })}
          >
            Add factor
          </Button>
        </Stack>
        {current && <ReasonField {...form.getInputProps('reason')} />}
        <Group>
          <Button type="submit" loading={submit.isPending}>
            {current ? 'Save the scheme' : 'Create the scheme'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
