import { Badge, NavLink, Stack } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBuilding,
  IconBuildingHospital,
  IconCalendar,
  IconClipboardList,
  IconFirstAidKit,
  IconFlask,
  IconHistory,
  IconHome,
  IconListCheck,
  IconMessageQuestion,
  IconUserCircle,
  IconUsers,
} from '@tabler/icons-react';
import { NavLink as RouterNavLink, useLocation } from 'react-router';
import { useCan } from '../features/auth/auth-api';
import { useMyWork } from '../features/home/home-api';

export function Navigation({ onNavigate }: { onNavigate: () => void }) {
  const { pathname } = useLocation();
  const canReadUsers = useCan('user.read');
  const canAnswerFeasibility = useCan('feasibility.answer');
  const canReadParticipants = useCan('participant.read');
  const canReadDeviations = useCan('deviation.read');
  const canReadQueries = useCan('query.read');
  const canReadSafety = useCan('ae.read');
  const canManageJobs = useCan('job.manage');
  const canReadAudit = useCan('audit.read');
  const openItems = useMyWork().data?.openItems ?? 0;
  const items = [
    { to: '/', label: 'Home', icon: IconHome, show: true, badge: openItems },
    { to: '/studies', label: 'Studies', icon: IconFlask, show: true },
    { to: '/participants', label: 'Participants', icon: IconUserCircle, show: canReadParticipants },
    { to: '/calendar', label: 'Calendar', icon: IconCalendar, show: canReadParticipants },
    { to: '/deviations', label: 'Deviations', icon: IconAlertTriangle, show: canReadDeviations },
    { to: '/queries', label: 'Queries', icon: IconMessageQuestion, show: canReadQueries },
    { to: '/safety', label: 'Safety', icon: IconFirstAidKit, show: canReadSafety },
    { to: '/sites', label: 'Sites', icon: IconBuildingHospital, show: true },
    { to: '/feasibility', label: 'Feasibility', icon: IconClipboardList, show: canAnswerFeasibility },
    { to: '/organizations', label: 'Organizations', icon: IconBuilding, show: true },
    { to: '/users', label: 'Users', icon: IconUsers, show: canReadUsers },
    { to: '/audit', label: 'Audit trail', icon: IconHistory, show: canReadAudit },
    { to: '/admin/jobs', label: 'Background jobs', icon: IconListCheck, show: canManageJobs },
  ];
  return (
    <Stack component="nav" aria-label="Main" gap={2}>
      {items
        .filter((item) => item.show)
        .map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            label={item.label}
            leftSection={<item.icon size={18} aria-hidden />}
            active={item.to === '/' ? pathname === '/' : pathname === item.to || pathname.startsWith(`${item.to}/`)}
            rightSection={
              'badge' in item && item.badge ? (
                <Badge size="sm" color="red" circle={item.badge < 10} aria-label={`${item.badge} open items`}>
                  {item.badge}
                </Badge>
              ) : undefined
            }
            onClick={onNavigate}
            variant="light"
            style={{ borderRadius: 6 }}
          />
        ))}
    </Stack>
  );
}
