import { useQuery } from '@tanstack/react-query';
import { answer, api } from '../../app/api-client';
import type { Answer } from '../../app/api-types';

/** The signed-in user's work: the home page, the navigation's badge and the notification bell share it. */
export type MyWork = Answer<'/api/me/work'>;
export type WorkSection = MyWork['sections'][number];
export type WorkItem = WorkSection['items'][number];
export type NetworkStudySite = NonNullable<MyWork['network']>['studySites'][number];
export type CoordinatorLoad = NonNullable<MyWork['network']>['coordinators'][number];
export type StudyEnrollment = NonNullable<MyWork['enrollment']>[number];

export const myWorkKey = ['me', 'work'] as const;

export function useMyWork() {
  return useQuery({
    queryKey: myWorkKey,
    queryFn: ({ signal }) => answer(api.GET('/api/me/work', { signal })),
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  });
}
