import { Anchor, Button, Menu, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { DetailList } from '../../components/detail-list';
import { HistoryPanel } from '../../components/history-panel';
import { PageHeader } from '../../components/page-header';
import { QueryBoundary } from '../../components/query-boundary';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { formatInstant } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { type AccountAction, AccountActionModal } from './account-action-modal';
import { EditUserModal } from './edit-user-modal';
import { GrantsPanel } from './grants-panel';
import { useUser } from './user-api';
import { userState, userStateOptions } from './user-types';

export function UserDetailPage() {
  const { userId = '' } = useParams();
  const query = useUser(userId);
  const canWrite = useCan('user.write');
  const [editing, editModal] = useDisclosure();
  const [action, setAction] = useState<AccountAction | null>(null);
  return (
    <QueryBoundary query={query} what="user">
      {(current) => {
        const user = current.record;
        const state = userState(user);
        return (
          <>
            <PageHeader
              title={user.fullName}
              badge={<StatusBadge options={userStateOptions} value={state} />}
              subtitle={user.email}
              trail={[{ label: 'Users', to: '/users' }, { label: user.fullName }]}
              actions={
                canWrite && (
                  <>
                    {state === 'locked' && <Button onClick={() => setAction('unlock')}>Unlock</Button>}
                    <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={editModal.open}>
                      Edit
                    </Button>
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <Button variant="default" rightSection={<IconChevronDown size={14} aria-hidden />}>
                          Account
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setAction('password')}>Set a new password</Menu.Item>
                        {user.isActive ? (
                          <Menu.Item color="red" onClick={() => setAction('deactivate')}>
                            Deactivate
                          </Menu.Item>
                        ) : (
                          <Menu.Item onClick={() => setAction('reactivate')}>Reactivate</Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  </>
                )
              }
            />
            <Stack>
              <SectionCard title="Account">
                <DetailList
                  items={[
                    {
                      label: 'Organization',
                      value: (
                        <Anchor component={Link} to={`/organizations/${user.organizationId}`} size="sm">
                          {user.organizationName}
                        </Anchor>
                      ),
                    },
                    { label: 'E-mail', value: user.email },
                    { label: 'Locked until', value: state === 'locked' && user.lockedUntil ? formatInstant(user.lockedUntil) : null },
                    { label: 'Created', value: formatInstant(user.createdAt) },
                    { label: 'Version', value: user.version },
                  ]}
                />
              </SectionCard>
              <GrantsPanel userId={user.id} />
              <HistoryPanel entityType="user" entityId={user.id} />
            </Stack>
            <EditUserModal current={current} opened={editing} onClose={editModal.close} />
            <AccountActionModal current={current} action={action} onClose={() => setAction(null)} />
          </>
        );
      }}
    </QueryBoundary>
  );
}
