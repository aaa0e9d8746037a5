import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, api, ifMatch } from '../../app/api-client';
import type { ListItem, RequestBody } from '../../app/api-types';

export type DelegationTask = ListItem<'/api/studies/{id}/delegation-tasks'>;
export type DelegationEntry = ListItem<'/api/studies/{id}/sites/{studySiteId}/delegation'>;

export const delegationKeys = {
  all: ['delegation'] as const,
  tasks: (studyId: string) => ['delegation', 'tasks', studyId] as const,
  log: (studySiteId: string) => ['delegation', 'log', studySiteId] as const,
};

export function useDelegationTasks(studyId: string) {
  return useQuery({
    queryKey: delegationKeys.tasks(studyId),
    queryFn: ({ signal }) => answer(api.GET('/api/studies/{id}/delegation-tasks', { params: { path: { id: studyId } }, signal })),
    select: (data) => data.items,
  });
}

export function useDelegationLog(studyId: string, studySiteId: string) {
  return useQuery({
    queryKey: delegationKeys.log(studySiteId),
    queryFn: ({ signal }) =>
      answer(api.GET('/api/studies/{id}/sites/{studySiteId}/delegation', { params: { path: { id: studyId, studySiteId } }, signal })),
  });
}

/** The log with each entry's validity on `on` (YYYY-MM-DD): who may do what that day, and why not. */
export function useDelegationLogOn(studyId: string, studySiteId: string, on: string) {
  return useQuery({
    queryKey: [...delegationKeys.log(studySiteId), on],
    queryFn: ({ signal }) =>
      answer(
        api.GET('/api/studies/{id}/sites/{studySiteId}/delegation', {
          params: { path: { id: studyId, studySiteId }, query: { on } },
          signal,
        }),
      ),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(on),
    placeholderData: (previous) => previous,
  });
}

/**
 * Whether a person may do a task on the log's day, and if not why, in the log's words: from the
 * entries of that day's log (the server decides the same way when the action is saved).
 */
export function taskAuthority(entries: DelegationEntry[], personId: string, task: { code: string; label: string }) {
  const held = entries
    .filter((entry) => entry.personId === personId)
    .flatMap((entry) => entry.taskValidity.filter((validity) => validity.code === task.code));
  if (held.some((validity) => validity.valid)) return { valid: true as const, reasons: [] };
  if (held.length === 0) return { valid: false as const, reasons: [`Not on this site's delegation log for "${task.label}".`] };
  return { valid: false as const, reasons: [...new Set(held.flatMap((validity) => validity.reasons))] };
}

export const exportLogUrl = (studyId: string, studySiteId: string) => `/api/studies/${studyId}/sites/${studySiteId}/delegation/export.pdf`;

export const createDelegationEntry = (
  studyId: string,
  studySiteId: string,
  body: RequestBody<'/api/studies/{id}/sites/{studySiteId}/delegation', 'post'>,
) => answer(api.POST('/api/studies/{id}/sites/{studySiteId}/delegation', { params: { path: { id: studyId, studySiteId } }, body }));

export const updateDelegationEntry = (
  entry: DelegationEntry,
  body: RequestBody<'/api/studies/{id}/sites/{studySiteId}/delegation/{entryId}', 'patch'>,
) =>
  answer(
    api.PATCH('/api/studies/{id}/sites/{studySiteId}/delegation/{entryId}', {
      params: { path: { id: entry.studyId, studySiteId: entry.studySiteId, entryId: entry.id } },
      body,
      headers: ifMatch(`"${entry.version}"`),
    }),
  );

export const signDelegationEntry = (
  entry: DelegationEntry,
  body: RequestBody<'/api/studies/{id}/sites/{studySiteId}/delegation/{entryId}/sign', 'post'>,
) =>
  answer(
    api.POST('/api/studies/{id}/sites/{studySiteId}/delegation/{entryId}/sign', {
      params: { path: { id: entry.studyId, studySiteId: entry.studySiteId, entryId: entry.id } },
      body,
      headers: ifMatch(`"${entry.version}"`),
    }),
  );

export function invalidateDelegation(queryClient: QueryClient, entryId?: string) {
  queryClient.invalidateQueries({ queryKey: delegationKeys.all });
  if (entryId) queryClient.invalidateQueries({ queryKey: ['audit', 'delegation_entry', entryId] });
}
