import { Anchor, Badge, Button, Switch, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/data-table';
import { ProblemAlert } from '../../components/problem-alert';
import { SectionCard } from '../../components/section-card';
import { StatusBadge } from '../../components/status-badge';
import { formatDay, siteToday } from '../../lib/dates';
import { useCan } from '../auth/auth-api';
import { AddStaffModal } from './add-staff-modal';
import { EditStaffModal } from './edit-staff-modal';
import { useSiteStaff } from './person-api';
import { isCurrentRole, type Staff, staffRoleOptions } from './person-types';

/** Who works on studies at this site, in which role, from when to when. */
export function SiteStaffPanel({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const staff = useSiteStaff(siteId);
  const canWrite = useCan('person.write');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Staff | null>(null);
  const [showEnded, setShowEnded] = useState(false);
  const rows = (staff.data ?? [])
    .filter((member) => showEnded || isCurrentRole(member) || member.startDate > siteToday(member.siteTimeZone))
    .sort((a, b) => roleOrder(a) - roleOrder(b) || a.personName.localeCompare(b.personName));
  const columns: Column<Staff>[] = [
    {
      key: 'person',
      header: 'Person',
      render: (row) => (
        <>
          <Anchor component={Link} to={`/people/${row.personId}`} fw={600}>
            {row.personName}
          </Anchor>
          {row.professionalTitle && (
            <Text size="xs" c="dimmed">
              {row.professionalTitle}
            </Text>
          )}
        </>
      ),
    },
    { key: 'role', header: 'Role', render: (row) => <StatusBadge options={staffRoleOptions} value={row.role} /> },
    { key: 'start', header: 'From', render: (row) => formatDay(row.startDate) },
    { key: 'end', header: 'Until', render: (row) => formatDay(row.endDate) },
    {
      key: 'state',
      header: 'State',
      render: (row) =>
        isCurrentRole(row) ? (
          <Badge color="green" variant="dot" tt="none">
            Current
          </Badge>
        ) : row.startDate > siteToday(row.siteTimeZone) ? (
          <Badge color="blue" variant="dot" tt="none">
            Starts later
          </Badge>
        ) : (
          <Badge color="gray" variant="dot" tt="none">
            Ended
          </Badge>
        ),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      header: 'Actions',
      render: (row) => (
        <Button size="xs" variant="light" onClick={() => setEditing(row)}>
          Edit or end role
        </Button>
      ),
    });
  }
  return (
    <SectionCard
      title="Staff"
      actions={
        <>
          <Switch label="Show ended roles" checked={showEnded} onChange={(event) => setShowEnded(event.currentTarget.checked)} />
          {canWrite && (
            <Button size="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
              Add staff
            </Button>
          )}
        </>
      }
    >
      {staff.isError && <ProblemAlert error={staff.error} />}
      <DataTable
        caption="Staff at this site"
        columns={columns}
        rows={rows}
        rowKey={(row) => row.id}
        isLoading={staff.isPending}
        emptyText={showEnded ? 'No staff recorded at this site yet.' : 'No current staff. Turn on "Show ended roles" to see past staff.'}
      />
      <AddStaffModal siteId={siteId} timeZone={timeZone} opened={adding} onClose={() => setAdding(false)} />
      {editing && <EditStaffModal staff={editing} onClose={() => setEditing(null)} />}
    </SectionCard>
  );
}

const roleOrder = (staff: Staff) => staffRoleOptions.findIndex((option) => option.value === staff.role);
