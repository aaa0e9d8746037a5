import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, api, ifMatch } from '../../app/api-client';
import type { Answer, ListItem, RequestBody } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type DataQuery = ListItem<'/api/queries'>;
export type DataQueryWithMessages = Answer<'/api/queries/{id}'>;
export type DataQueryStatus = DataQuery['status'];
export type QueryAction = RequestBody<'/api/queries/{id}/steps', 'post'>['action'];
export type RaiseQueryInput = RequestBody<'/api/participants/{id}/queries', 'post'>;

export const queryStatusOptions: EnumOption<DataQueryStatus>[] = [
  { value: 'open', label: 'Open', color: 'orange' },
  { value: 'answered', label: 'Answered', color: 'blue' },
  { value: 'closed', label: 'Closed', color: 'green' },
];

export const dataQueryKeys = {
  all: ['data-queries'] as const,
  list: ['data-queries', 'list'] as const,
  one: (id: string) => ['data-queries', 'one', id] as const,
  ofParticipant: (participantId: string) => ['data-queries', 'participant', participantId] as const,
};

/** Where a query points: the visit and form, and the item in its group (row n of a repeating group). */
export function queryTarget(query: Pick<DataQuery, 'scope' | 'visitCode' | 'formOid' | 'itemGroupOid' | 'itemOid' | 'repeatKey'>): string {
  if (query.scope === 'participant') return 'Casebook';
  const form = `${query.visitCode ?? '?'} · ${query.formOid}`;
  if (query.scope === 'form') return form;
  return `${form} · ${query.itemOid}${query.repeatKey && query.repeatKey > 1 ? ` (row ${query.repeatKey})` : ''}`;
}

export function useDataQuery(id: string | null) {
  return useQuery({
    queryKey: dataQueryKeys.one(id ?? ''),
    enabled: Boolean(id),
    queryFn: ({ signal }) => answer(api.GET('/api/queries/{id}', { params: { path: { id: id as string } }, signal })),
  });
}

export function useParticipantQueries(participantId: string) {
  return useQuery({
    queryKey: dataQueryKeys.ofParticipant(participantId),
    queryFn: ({ signal }) => answer(api.GET('/api/queries', { params: { query: { participantId, limit: 200 } }, signal })),
    select: (data) => data.items,
  });
}

export const stepQuery = (query: { id: string; version: number }, action: QueryAction, text: string) =>
  answer(
    api.POST('/api/queries/{id}/steps', {
      params: { path: { id: query.id } },
      body: { action, text },
      headers: ifMatch(`"${query.version}"`),
    }),
  );

export const raiseQuery = (participantId: string, input: RaiseQueryInput) =>
  answer(api.POST('/api/participants/{id}/queries', { params: { path: { id: participantId } }, body: input }));

export function invalidateQueries(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: dataQueryKeys.all });
  queryClient.invalidateQueries({ queryKey: ['audit'] });
}
