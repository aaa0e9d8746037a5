import { Button, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { formatInstant } from '../../lib/dates';
import { labelOf } from '../../lib/enum-labels';
import { useCan } from '../auth/auth-api';
import type { Grant } from '../auth/auth-types';
import { AddGrantModal } from './add-grant-modal';
import { RevokeGrantModal } from './revoke-grant-modal';
import { useGrants } from './user-api';
import { type Role, roleOptions, type ScopeType, scopeTypeOptions } from './user-types';

/** What the user may do, and where: each grant is a role at one scope. */
export function GrantsPanel({ userId }: { userId: string }) {
  const grants = useGrants(userId);
  const canWrite = useCan('user.write');
  const [adding, addModal] = useDisclosure();
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const items = grants.data?.items ?? [];
  return (
    <SectionCard
      title="Roles and access"
      actions={
        canWrite && (
          <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={addModal.open}>
            Grant role
          </Button>
        )
      }
    >
      {grants.isError && <ProblemAlert error={grants.error} />}
      {grants.isSuccess && items.length === 0 && <Text c="dimmed">No roles: this user can log in but sees nothing.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" aria-label="Roles and access">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Scope</Table.Th>
                <Table.Th scope="col">Granted</Table.Th>
                {canWrite && <Table.Th scope="col">Actions</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((grant) => (
                <Table.Tr key={grant.id}>
                  <Table.Td>
                    <StatusBadge options={roleOptions} value={grant.role as Role} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{grant.scopeName}</Text>
                    <Text size="xs" c="dimmed">
                      {labelOf(scopeTypeOptions, grant.scopeType as ScopeType)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatInstant(grant.createdAt)}</Text>
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Button size="xs" variant="light" color="red" onClick={() => setRevoking(grant)}>
                        Revoke
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddGrantModal userId={userId} opened={adding} onClose={addModal.close} />
      <RevokeGrantModal grant={revoking} onClose={() => setRevoking(null)} />
    </SectionCard>
  );
}
