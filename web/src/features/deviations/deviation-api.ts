import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, api, ifMatch } from '../../app/api-client';
import type { ListItem, RequestBody } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type Deviation = ListItem<'/api/deviations'>;
export type DeviationCategory = Deviation['category'];

export const deviationCategoryOptions: EnumOption<DeviationCategory>[] = [
  { value: 'visit_out_of_window', label: 'Visit out of window', color: 'orange' },
  { value: 'missed_visit', label: 'Missed visit', color: 'red' },
  { value: 'superseded_consent', label: 'Superseded consent', color: 'grape' },
  { value: 'consent', label: 'Consent', color: 'violet' },
  { value: 'eligibility', label: 'Eligibility', color: 'pink' },
  { value: 'procedure', label: 'Procedure', color: 'yellow' },
  { value: 'other', label: 'Other', color: 'gray' },
];

export type DeviationStatus = Deviation['status'];
export const deviationStatusOptions: EnumOption<DeviationStatus>[] = [
  { value: 'open', label: 'Open', color: 'orange' },
  { value: 'assessed', label: 'Assessed', color: 'green' },
];

export type DeviationImportance = NonNullable<Deviation['importance']>;
export const importanceOptions: EnumOption<DeviationImportance>[] = [
  { value: 'important', label: 'Important', color: 'red' },
  { value: 'not_important', label: 'Not important', color: 'gray' },
];

export const deviationKeys = {
  all: ['deviations'] as const,
  list: ['deviations', 'list'] as const,
  ofParticipant: (participantId: string) => ['deviations', 'participant', participantId] as const,
};

export function useParticipantDeviations(participantId: string) {
  return useQuery({
    queryKey: deviationKeys.ofParticipant(participantId),
    queryFn: ({ signal }) => answer(api.GET('/api/participants/{id}/deviations', { params: { path: { id: participantId } }, signal })),
    select: (data) => data.items,
  });
}

export const assessDeviation = (deviation: Deviation, input: RequestBody<'/api/deviations/{id}/assessment', 'post'>) =>
  answer(
    api.POST('/api/deviations/{id}/assessment', {
      params: { path: { id: deviation.id } },
      body: input,
      headers: ifMatch(`"${deviation.version}"`),
    }),
  );

export type ManualDeviationInput = RequestBody<'/api/participants/{id}/deviations', 'post'>;

export const reportDeviation = (participantId: string, input: ManualDeviationInput) =>
  answer(api.POST('/api/participants/{id}/deviations', { params: { path: { id: participantId } }, body: input }));

export function invalidateDeviations(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: deviationKeys.all });
  queryClient.invalidateQueries({ queryKey: ['visits'] });
  queryClient.invalidateQueries({ queryKey: ['audit'] });
}
