import { keepPreviousData, type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiRequest, withQuery } from '../../app/api-client';
import type { VisitStatus } from '../visits/visit-api';

/** One visit on a calendar (calendar.schemas.ts): pseudonymous, never a name or an arm. */
export interface CalendarItem {
  visitId: string;
  participantId: string;
  subjectNumber: string;
  studyId: string;
  studyShortName: string;
  studySiteId: string;
  siteId: string;
  siteNumber: string;
  siteName: string;
  code: string;
  name: string;
  kind: string;
  targetDate: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  status: VisitStatus;
  actualDate: string | null;
  coordinatorUserId: string | null;
  siteToday: string;
  overdue: boolean;
  upcoming: boolean;
}

export interface Calendar {
  from: string;
  to: string;
  items: CalendarItem[];
  truncated: boolean;
}

export type CalendarScope = { kind: 'mine' } | { kind: 'site'; siteId: string };

export const calendarKeys = {
  all: ['calendar'] as const,
  range: (scope: CalendarScope, from: string, to: string) => ['calendar', scope, from, to] as const,
  feeds: ['calendar', 'feeds'] as const,
};

export function useCalendar(scope: CalendarScope | null, from: string, to: string) {
  return useQuery({
    queryKey: calendarKeys.range(scope ?? { kind: 'mine' }, from, to),
    queryFn: ({ signal }) =>
      apiGet<Calendar>(withQuery(scope?.kind === 'site' ? `/api/sites/${scope.siteId}/calendar` : '/api/calendar', { from, to }), signal),
    enabled: scope !== null,
    placeholderData: keepPreviousData,
  });
}

export interface CalendarFeed {
  id: string;
  createdAt: string;
  revokedAt: string | null;
}

export function useCalendarFeeds() {
  return useQuery({
    queryKey: calendarKeys.feeds,
    queryFn: ({ signal }) => apiGet<{ items: CalendarFeed[] }>('/api/calendar/feeds', signal),
    select: (data) => data.items,
  });
}

export const createCalendarFeed = () => apiRequest<CalendarFeed & { url: string }>('/api/calendar/feeds', { method: 'POST', body: {} });

export const revokeCalendarFeed = (id: string) => apiRequest<unknown>(`/api/calendar/feeds/${id}`, { method: 'DELETE' });

export function invalidateFeeds(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: calendarKeys.feeds });
}
