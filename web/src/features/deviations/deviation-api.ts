import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiRequest } from '../../app/api-client';
import type { EnumOption } from '../../lib/enum-labels';

export const deviationCategories = [
  'visit_out_of_window',
  'missed_visit',
  'superseded_consent',
  'consent',
  'eligibility',
  'procedure',
  'other',
] as const;
export type DeviationCategory = (typeof deviationCategories)[number];

export const deviationCategoryOptions: EnumOption<DeviationCategory>[] = [
  { value: 'visit_out_of_window', label: 'Visit out of window', color: 'orange' },
  { value: 'missed_visit', label: 'Missed visit', color: 'red' },
  { value: 'superseded_consent', label: 'Superseded consent', color: 'grape' },
  { value: 'consent', label: 'Consent', color: 'violet' },
  { value: 'eligibility', label: 'Eligibility', color: 'pink' },
  { value: 'procedure', label: 'Procedure', color: 'yellow' },
  { value: 'other', label: 'Other', color: 'gray' },
];

export type DeviationStatus = 'open' | 'assessed';
export const deviationStatusOptions: EnumOption<DeviationStatus>[] = [
  { value: 'open', label: 'Open', color: 'orange' },
  { value: 'assessed', label: 'Assessed', color: 'green' },
];

export type DeviationImportance = 'important' | 'not_important';
export const importanceOptions: EnumOption<DeviationImportance>[] = [
  { value: 'important', label: 'Important', color: 'red' },
  { value: 'not_important', label: 'Not important', color: 'gray' },
];

export interface Deviation {
  id: string;
  studyId: string;
  studySiteId: string;
  participantId: string | null;
  subjectNumber: string | null;
  visitId: string | null;
  category: DeviationCategory;
  description: string;
  detected: 'automatic' | 'manual';
  sourceEntityType: string | null;
  sourceEntityId: string | null;
  occurredOn: string;
  status: DeviationStatus;
  importance: DeviationImportance | null;
  assessment: string | null;
  assessedByUserId: string | null;
  assessedAt: string | null;
  version: number;
  createdAt: string;
}

export const deviationKeys = {
  all: ['deviations'] as const,
  list: ['deviations', 'list'] as const,
  ofParticipant: (participantId: string) => ['deviations', 'participant', participantId] as const,
};

export function useParticipantDeviations(participantId: string) {
  return useQuery({
    queryKey: deviationKeys.ofParticipant(participantId),
    queryFn: ({ signal }) => apiGet<{ items: Deviation[] }>(`/api/participants/${participantId}/deviations`, signal),
    select: (data) => data.items,
  });
}

export const assessDeviation = (deviation: Deviation, input: { importance: DeviationImportance; assessment: string }) =>
  apiRequest<Deviation>(`/api/deviations/${deviation.id}/assessment`, {
    method: 'POST',
    body: input,
    ifMatch: `"${deviation.version}"`,
  });

export interface ManualDeviationInput {
  category: DeviationCategory;
  description: string;
  occurredOn: string;
  visitId?: string | null;
}

export const reportDeviation = (participantId: string, input: ManualDeviationInput) =>
  apiRequest<Deviation>(`/api/participants/${participantId}/deviations`, { method: 'POST', body: input });

export function invalidateDeviations(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: deviationKeys.all });
  queryClient.invalidateQueries({ queryKey: ['visits'] });
  queryClient.invalidateQueries({ queryKey: ['audit'] });
}
