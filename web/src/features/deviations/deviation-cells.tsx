import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { StatusBadge } from '../../components/status-badge';
import { labelOf } from '../../lib/enum-labels';
import { type Deviation, deviationCategoryOptions, deviationStatusOptions, importanceOptions } from './deviation-api';

export function CategoryCell({ deviation }: { deviation: Deviation }) {
  return (
    <Stack gap={2}>
      <StatusBadge options={deviationCategoryOptions} value={deviation.category} />
      <Text size="xs" c="dimmed">
        {deviation.detected === 'automatic' ? 'Detected automatically' : 'Reported'}
      </Text>
    </Stack>
  );
}

export function StatusCell({ deviation }: { deviation: Deviation }) {
  return (
    <Group gap={4} wrap="nowrap">
      <StatusBadge options={deviationStatusOptions} value={deviation.status} />
      {deviation.importance && (
        <Badge color={deviation.importance === 'important' ? 'red' : 'gray'} variant="outline" radius="sm" tt="none" size="sm">
          {labelOf(importanceOptions, deviation.importance)}
        </Badge>
      )}
    </Group>
  );
}

export function DescriptionCell({ deviation }: { deviation: Deviation }) {
  return (
    <Stack gap={2} maw={420}>
      <Text size="sm">{deviation.description}</Text>
      {deviation.assessment && (
        <Text size="xs" c="dimmed">
          Assessment: {deviation.assessment}
        </Text>
      )}
    </Stack>
  );
}

export function AssessButton({ deviation, onAssess }: { deviation: Deviation; onAssess: (deviation: Deviation) => void }) {
  return (
    <Button size="xs" variant={deviation.status === 'open' ? 'light' : 'subtle'} onClick={() => onAssess(deviation)}>
      {deviation.status === 'open' ? 'Assess' : 'Re-assess'}
    </Button>
  );
}
