import { Alert, Anchor, Badge, Button, Code, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconRefresh, IconSearch, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../app/api-client';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { formatInstant } from '../../lib/dates';
import { type AllocationVerification, allocationsCsvPath, useAllocations, useAllocationVerification } from './randomization-api';

/**
 * For unblinded roles (the pharmacist who dispenses by arm): who got which arm, and proof that
 * every stored allocation is the one the secret seed produces (ICH E9 2.3.2: randomization
 * reproducible from its seed, yet concealed).
 */
export function AllocationsTab({ studyId }: { studyId: string }) {
  return (
    <Stack gap="xl">
      <VerificationCard studyId={studyId} />
      <AllocationList studyId={studyId} />
    </Stack>
  );
}

/** '#3' for the third allocation of a stratum's list (the API counts from 0). */
const place = (position: number) => `#${position + 1}`;

function VerificationCard({ studyId }: { studyId: string }) {
  const verification = useAllocationVerification(studyId);
  return (
    <SectionCard
      title="Verification against the seed"
      framed={false}
      actions={
        <Button
          size="xs"
          variant="default"
          leftSection={<IconRefresh size={14} aria-hidden />}
          loading={verification.isFetching}
          onClick={() => verification.refetch()}
        >
          Verify again
        </Button>
      }
    >
      {verification.isPending && <Loader size="sm" aria-label="Verifying the allocations" />}
      {verification.isError &&
        (isApiError(verification.error, 404) ? (
          <Text size="sm" c="dimmed">
            The study has no randomization scheme yet.
          </Text>
        ) : (
          <ProblemAlert error={verification.error} />
        ))}
      {verification.isSuccess && <VerificationResult result={verification.data} />}
    </SectionCard>
  );
}

function VerificationResult({ result }: { result: AllocationVerification }) {
  const { checked, mismatches, seedMatchesHash } = result;
  return (
    <Stack gap="sm">
      {!seedMatchesHash && (
        <Alert color="red" icon={<IconAlertTriangle />} title="The seed does not match its published hash" role="alert">
          The stored seed no longer hashes to the scheme's SHA-256: the seed was changed after the scheme was fixed. Tell the study's
          randomization statistician and quality assurance.
        </Alert>
      )}
      {checked === 0 ? (
        <Text size="sm" c="dimmed">
          No participant is randomized yet: nothing to verify.
        </Text>
      ) : mismatches.length === 0 ? (
        <Alert
          color="green"
          icon={<IconShieldCheck />}
          title={`All ${checked} allocation${checked === 1 ? '' : 's'} reproduce from the seed`}
        >
          Each stored arm is the one the seed gives for its stratum and position.
        </Alert>
      ) : (
        <>
          <Alert
            color="red"
            icon={<IconAlertTriangle />}
            title={`${mismatches.length} of ${checked} allocations do not reproduce from the seed`}
            role="alert"
          >
            These stored arms differ from what the seed gives at their stratum and position: a stored allocation was altered, or the
            algorithm changed. Check them before dispensing.
          </Alert>
          <Table.ScrollContainer minWidth={600}>
            <Table verticalSpacing="xs" aria-label="Allocations that do not reproduce">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Subject</Table.Th>
                  <Table.Th scope="col">Stratum</Table.Th>
                  <Table.Th scope="col">Place</Table.Th>
                  <Table.Th scope="col">Stored arm</Table.Th>
                  <Table.Th scope="col">Arm from the seed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {mismatches.map((mismatch) => (
                  <Table.Tr key={mismatch.participantId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/participants/${mismatch.participantId}`} ff="monospace" size="sm" fw={600}>
                        {mismatch.subjectNumber}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Code>{mismatch.stratumKey}</Code>
                    </Table.Td>
                    <Table.Td>{place(mismatch.position)}</Table.Td>
                    <Table.Td>
                      <Badge color="red" variant="light" radius="sm" tt="none">
                        {mismatch.recordedArm}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Badge color="gray" variant="light" radius="sm" tt="none">
                        {mismatch.expectedArm}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      <Text size="xs" c="dimmed">
        Seed SHA-256 <Code>{result.seedSha256}</Code>
      </Text>
    </Stack>
  );
}

function AllocationList({ studyId }: { studyId: string }) {
  const allocations = useAllocations(studyId);
  const [search, setSearch] = useState('');
  const items = allocations.data ?? [];
  const needle = search.trim().toLowerCase();
  const shown = needle
    ? items.filter((a) =>
        [a.subjectNumber, a.siteNumber, a.randomizationNumber ?? '', a.armCode].some((v) => v.toLowerCase().includes(needle)),
      )
    : items;
  return (
    <SectionCard
      title={`Allocations${allocations.isSuccess ? ` (${items.length})` : ''}`}
      framed={false}
      actions={
        <Button
          component="a"
          href={allocationsCsvPath(studyId)}
          download
          size="xs"
          variant="default"
          leftSection={<IconDownload size={14} aria-hidden />}
          disabled={items.length === 0}
        >
          Download CSV
        </Button>
      }
    >
      {allocations.isPending && <Loader size="sm" aria-label="Loading the allocations" />}
      {allocations.isError &&
        (isApiError(allocations.error, 404) ? (
          <Text size="sm" c="dimmed">
            The study has no randomization scheme yet.
          </Text>
        ) : (
          <ProblemAlert error={allocations.error} />
        ))}
      {allocations.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          No allocations yet.
        </Text>
      )}
      {items.length > 0 && (
        <Stack gap="sm">
          <TextInput
            aria-label="Find an allocation"
            placeholder="Subject, site, randomization number or arm"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={{ base: '100%', sm: 360 }}
          />
          <Table.ScrollContainer minWidth={760} maxHeight={560}>
            <Table verticalSpacing="xs" striped stickyHeader aria-label="Allocations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Subject</Table.Th>
                  <Table.Th scope="col">Site</Table.Th>
                  <Table.Th scope="col">Randomization no.</Table.Th>
                  <Table.Th scope="col">Stratum</Table.Th>
                  <Table.Th scope="col">Place</Table.Th>
                  <Table.Th scope="col">Arm</Table.Th>
                  <Table.Th scope="col">Allocated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((allocation) => (
                  <Table.Tr key={allocation.participantId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/participants/${allocation.participantId}`} ff="monospace" size="sm" fw={600}>
                        {allocation.subjectNumber}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{allocation.siteNumber}</Table.Td>
                    <Table.Td ff="monospace">{allocation.randomizationNumber ?? '—'}</Table.Td>
                    <Table.Td>
                      <Code>{allocation.stratumKey}</Code>
                    </Table.Td>
                    <Table.Td>{place(allocation.position)}</Table.Td>
                    <Table.Td>
                      <Badge color="grape" variant="light" radius="sm" tt="none">
                        {allocation.armName} ({allocation.armCode})
                      </Badge>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(allocation.allocatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {needle && shown.length === 0 && (
            <Text size="sm" c="dimmed">
              No allocation matches “{search.trim()}”.
            </Text>
          )}
        </Stack>
      )}
    </SectionCard>
  );
}
