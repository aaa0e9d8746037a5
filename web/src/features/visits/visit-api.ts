import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiRequest } from '../../app/api-client';
import type { EnumOption } from '../../lib/enum-labels';

export type VisitStatus = 'scheduled' | 'completed' | 'missed' | 'cancelled';

export const visitStatusOptions: EnumOption<VisitStatus>[] = [
  { value: 'scheduled', label: 'Scheduled', color: 'blue' },
  { value: 'completed', label: 'Completed', color: 'green' },
  { value: 'missed', label: 'Missed', color: 'red' },
  { value: 'cancelled', label: 'Cancelled', color: 'gray' },
];

export interface VisitProcedure {
  code: string;
  name: string;
  /** As the protocol's schedule of activities says; false for an ad-hoc visit's procedures. */
  required: boolean;
  /** Null until the visit is completed. */
  done: boolean | null;
  notDoneReason: string | null;
}

export interface ParticipantVisit {
  id: string;
  participantId: string;
  studySiteId: string;
  code: string;
  name: string;
  kind: 'screening' | 'baseline' | 'treatment' | 'follow_up' | 'end_of_study' | 'unscheduled';
  sequence: number;
  protocolVersionId: string | null;
  protocolVisitId: string | null;
  targetDate: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  status: VisitStatus;
  actualDate: string | null;
  completedAt: string | null;
  completedByUserId: string | null;
  notes: string | null;
  procedures: VisitProcedure[];
  deviationIds: string[];
  version: number;
}

export const visitKeys = {
  all: ['visits'] as const,
  ofParticipant: (participantId: string) => ['visits', 'participant', participantId] as const,
};

export function useParticipantVisits(participantId: string) {
  return useQuery({
    queryKey: visitKeys.ofParticipant(participantId),
    queryFn: ({ signal }) => apiGet<{ items: ParticipantVisit[] }>(`/api/participants/${participantId}/visits`, signal),
    select: (data) => data.items,
  });
}

export interface CompletionInput {
  actualDate: string;
  procedures: { code: string; done: boolean; notDoneReason: string | null }[];
  notes: string | null;
}

export const completeVisit = (visit: ParticipantVisit, input: CompletionInput) =>
  apiRequest<ParticipantVisit>(`/api/participant-visits/${visit.id}/completion`, {
    method: 'POST',
    body: input,
    ifMatch: `"${visit.version}"`,
  });

export function invalidateVisits(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: visitKeys.all });
  queryClient.invalidateQueries({ queryKey: ['participants'] });
  queryClient.invalidateQueries({ queryKey: ['deviations'] });
  queryClient.invalidateQueries({ queryKey: ['calendar'] });
  queryClient.invalidateQueries({ queryKey: ['audit'] });
}

/** A visit the protocol defines, with its procedures (protocol.schemas.ts). */
export interface ProtocolVisit {
  id: string;
  code: string;
  name: string;
  kind: ParticipantVisit['kind'];
  procedures: { code: string; name: string; required: boolean }[];
}

/** The unscheduled visits a protocol version defines: what the site picks from when one takes place. */
export function useUnscheduledVisitDefinitions(protocolVersionId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['protocols', 'detail', protocolVersionId],
    queryFn: ({ signal }) => apiGet<{ visits: ProtocolVisit[] }>(`/api/protocols/${protocolVersionId}`, signal),
    select: (protocol) => protocol.visits.filter((visit) => visit.kind === 'unscheduled'),
    enabled: enabled && Boolean(protocolVersionId),
    retry: false,
    staleTime: 5 * 60_000,
  });
}

export interface UnscheduledVisitInput {
  /** An unscheduled visit of the protocol in force; or, without it, a name for an ad-hoc visit. */
  code?: string;
  name?: string | null;
  actualDate: string;
  procedures: { code: string; name?: string | null; done: boolean; notDoneReason: string | null }[];
  notes: string | null;
}

export const recordUnscheduledVisit = (participantId: string, input: UnscheduledVisitInput) =>
  apiRequest<ParticipantVisit>(`/api/participants/${participantId}/visits`, { method: 'POST', body: input });
