import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, api, ifMatch } from '../../app/api-client';
import type { Answer, ListItem, RequestBody } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type ParticipantVisit = ListItem<'/api/participants/{id}/visits'>;
export type VisitStatus = ParticipantVisit['status'];
export type VisitProcedure = ParticipantVisit['procedures'][number];

export const visitStatusOptions: EnumOption<VisitStatus>[] = [
  { value: 'scheduled', label: 'Scheduled', color: 'blue' },
  { value: 'completed', label: 'Completed', color: 'green' },
  { value: 'missed', label: 'Missed', color: 'red' },
  { value: 'cancelled', label: 'Cancelled', color: 'gray' },
];

export const visitKeys = {
  all: ['visits'] as const,
  ofParticipant: (participantId: string) => ['visits', 'participant', participantId] as const,
};

export function useParticipantVisits(participantId: string) {
  return useQuery({
    queryKey: visitKeys.ofParticipant(participantId),
    queryFn: ({ signal }) => answer(api.GET('/api/participants/{id}/visits', { params: { path: { id: participantId } }, signal })),
    select: (data) => data.items,
  });
}

export type CompletionInput = RequestBody<'/api/participant-visits/{id}/completion', 'post'>;

export const completeVisit = (visit: ParticipantVisit, input: CompletionInput) =>
  answer(
    api.POST('/api/participant-visits/{id}/completion', {
      params: { path: { id: visit.id } },
      body: input,
      headers: ifMatch(`"${visit.version}"`),
    }),
  );

export type CompletionPreview = Answer<'/api/participant-visits/{id}/completion-preview'>;

/** The deviations completing the visit on `actualDate` would record; asked only for a well-formed day. */
export function useCompletionPreview(visitId: string, actualDate: string) {
  return useQuery({
    queryKey: [...visitKeys.all, 'completion-preview', visitId, actualDate],
    queryFn: ({ signal }) =>
      answer(
        api.GET('/api/participant-visits/{id}/completion-preview', { params: { path: { id: visitId }, query: { actualDate } }, signal }),
      ),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(actualDate),
    placeholderData: (previous) => previous,
  });
}

export function invalidateVisits(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: visitKeys.all });
  queryClient.invalidateQueries({ queryKey: ['participants'] });
  queryClient.invalidateQueries({ queryKey: ['deviations'] });
  queryClient.invalidateQueries({ queryKey: ['calendar'] });
  queryClient.invalidateQueries({ queryKey: ['audit'] });
}

/** A visit the protocol defines, with its procedures. */
export type ProtocolVisit = Answer<'/api/protocols/{id}'>['visits'][number];

/** The unscheduled visits a protocol version defines: what the site picks from when one takes place. */
export function useUnscheduledVisitDefinitions(protocolVersionId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['protocols', 'detail', protocolVersionId],
    queryFn: ({ signal }) => answer(api.GET('/api/protocols/{id}', { params: { path: { id: protocolVersionId ?? '' } }, signal })),
    select: (protocol) => protocol.visits.filter((visit) => visit.kind === 'unscheduled'),
    enabled: enabled && Boolean(protocolVersionId),
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** An unscheduled visit of the protocol in force; or, without its code, a name for an ad-hoc visit. */
export type UnscheduledVisitInput = RequestBody<'/api/participants/{id}/visits', 'post'>;

export const recordUnscheduledVisit = (participantId: string, input: UnscheduledVisitInput) =>
  answer(api.POST('/api/participants/{id}/visits', { params: { path: { id: participantId } }, body: input }));
