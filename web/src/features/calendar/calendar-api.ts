import { keepPreviousData, type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, api } from '../../app/api-client';
import type { Answer, ListItem } from '../../app/api-types';

export type Calendar = Answer<'/api/calendar'>;
/** One visit on a calendar: pseudonymous, never a name or an arm. */
export type CalendarItem = Calendar['items'][number];

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
      scope?.kind === 'site'
        ? answer(api.GET('/api/sites/{id}/calendar', { params: { path: { id: scope.siteId }, query: { from, to } }, signal }))
        : answer(api.GET('/api/calendar', { params: { query: { from, to } }, signal })),
    enabled: scope !== null,
    placeholderData: keepPreviousData,
  });
}

export type CalendarFeed = ListItem<'/api/calendar/feeds'>;

export function useCalendarFeeds() {
  return useQuery({
    queryKey: calendarKeys.feeds,
    queryFn: ({ signal }) => answer(api.GET('/api/calendar/feeds', { signal })),
    select: (data) => data.items,
  });
}

export const createCalendarFeed = () => answer(api.POST('/api/calendar/feeds', { body: {} }));

export const revokeCalendarFeed = (id: string) => answer(api.DELETE('/api/calendar/feeds/{id}', { params: { path: { id } } }));

export function invalidateFeeds(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: calendarKeys.feeds });
}
