import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, api, ifMatch } from '../../app/api-client';
import type { Answer, ListItem, RequestBody } from '../../app/api-types';
import type { components } from '../../lib/api-schema';
import type { EnumOption } from '../../lib/enum-labels';

export type RandomizationScheme = Answer<'/api/studies/{id}/randomization-scheme'>;
export type Blinding = RandomizationScheme['blinding'];
export type StrataFactor = RandomizationScheme['strataFactors'][number];
export type StrataLevel = StrataFactor['levels'][number];
export const blindingOptions: EnumOption<Blinding>[] = [
  { value: 'open', label: 'Open label', color: 'green' },
  { value: 'single', label: 'Single blind', color: 'yellow' },
  { value: 'double', label: 'Double blind', color: 'grape' },
];

export const randomizationKeys = {
  all: ['randomization'] as const,
  scheme: (studyId: string) => ['randomization', 'scheme', studyId] as const,
  unblindings: (participantId: string) => ['randomization', 'unblindings', participantId] as const,
  allocations: (studyId: string) => ['randomization', 'allocations', studyId] as const,
  verification: (studyId: string) => ['randomization', 'verification', studyId] as const,
};

export function useRandomizationScheme(studyId: string, enabled = true) {
  return useQuery({
    queryKey: randomizationKeys.scheme(studyId),
    queryFn: ({ signal }) =>
      answerVersioned(api.GET('/api/studies/{id}/randomization-scheme', { params: { path: { id: studyId } }, signal })),
    enabled,
    retry: false,
  });
}

export type SchemeInput = RequestBody<'/api/studies/{id}/randomization-scheme', 'put'>;

export const saveRandomizationScheme = (studyId: string, etag: string | undefined, input: SchemeInput) =>
  answer(
    api.PUT('/api/studies/{id}/randomization-scheme', {
      params: { path: { id: studyId } },
      body: input,
      // The first save has no version to match.
      headers: etag ? ifMatch(etag) : undefined,
    }),
  );

export const randomizeParticipant = (participantId: string, input: RequestBody<'/api/participants/{id}/randomization', 'post'>) =>
  answer(api.POST('/api/participants/{id}/randomization', { params: { path: { id: participantId } }, body: input }));

export type EmergencyUnblinding = ListItem<'/api/participants/{id}/emergency-unblindings'>;

export const unblindParticipant = (participantId: string, input: RequestBody<'/api/participants/{id}/emergency-unblinding', 'post'>) =>
  answer(api.POST('/api/participants/{id}/emergency-unblinding', { params: { path: { id: participantId } }, body: input }));

export function useUnblindings(participantId: string, enabled: boolean) {
  return useQuery({
    queryKey: randomizationKeys.unblindings(participantId),
    queryFn: ({ signal }) =>
      answer(api.GET('/api/participants/{id}/emergency-unblindings', { params: { path: { id: participantId } }, signal })),
    select: (data) => data.items,
    enabled,
    retry: false,
  });
}

export function invalidateRandomization(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: randomizationKeys.all });
  queryClient.invalidateQueries({ queryKey: ['participants'] });
  queryClient.invalidateQueries({ queryKey: ['visits'] });
  queryClient.invalidateQueries({ queryKey: ['audit'] });
}

// Allocations, for unblinded roles only (allocation.read)

/** The route answers JSON or CSV and so declares no response schema: its rows are named in the components. */
export type Allocation = components['schemas']['Allocation'];
/** Every allocation recomputed from the seed: those that differ from what is stored are listed. */
export type AllocationVerification = Answer<'/api/studies/{id}/randomization-scheme/verification'>;

export const allocationsCsvPath = (studyId: string) => `/api/studies/${studyId}/allocations?format=csv`;

export function useAllocations(studyId: string) {
  return useQuery({
    queryKey: randomizationKeys.allocations(studyId),
    queryFn: async ({ signal }) => {
      const { data } = await api.GET('/api/studies/{id}/allocations', {
        params: { path: { id: studyId }, query: { format: 'json' } },
        signal,
      });
      return data as unknown as { items: Allocation[] };
    },
    select: (data) => data.items,
    retry: false,
  });
}

export function useAllocationVerification(studyId: string) {
  return useQuery({
    queryKey: randomizationKeys.verification(studyId),
    queryFn: ({ signal }) =>
      answer(api.GET('/api/studies/{id}/randomization-scheme/verification', { params: { path: { id: studyId } }, signal })),
    retry: false,
  });
}
