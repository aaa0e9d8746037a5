import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, apiGetVersioned, apiRequest } from '../../app/api-client';
import type { EnumOption } from '../../lib/enum-labels';

export type Blinding = 'open' | 'single' | 'double';
export const blindingOptions: EnumOption<Blinding>[] = [
  { value: 'open', label: 'Open label', color: 'green' },
  { value: 'single', label: 'Single blind', color: 'yellow' },
  { value: 'double', label: 'Double blind', color: 'grape' },
];

export interface StrataLevel {
  code: string;
  label: string;
}

export interface StrataFactor {
  code: string;
  label: string;
  levels: StrataLevel[];
}

export interface RandomizationScheme {
  id: string;
  studyId: string;
  blinding: Blinding;
  arms: { code: string; ratio: number }[];
  /** Null for those who neither configure randomization nor read allocations (ICH E9 2.3.2: block length concealed). */
  blockSizes: number[] | null;
  strataFactors: StrataFactor[];
  stratifyBySite: boolean;
  /** The SHA-256 of the secret seed: an auditor checks the seed against it; the seed is never sent. */
  seedSha256: string;
  /** Once above 0 the scheme is fixed. */
  allocationCount: number;
  version: number;
}

export interface RandomizedParticipant {
  id: string;
  subjectNumber: string;
  status: string;
  randomizationNumber: string | null;
  strata: Record<string, string> | null;
  enrolledOn: string | null;
  /** Null for blinded callers. */
  arm: { code: string; name: string } | null;
  version: number;
}

export const randomizationKeys = {
  all: ['randomization'] as const,
  scheme: (studyId: string) => ['randomization', 'scheme', studyId] as const,
  unblindings: (participantId: string) => ['randomization', 'unblindings', participantId] as const,
  allocations: (studyId: string) => ['randomization', 'allocations', studyId] as const,
  verification: (studyId: string) => ['randomization', 'verification', studyId] as const,
};

const schemePath = (studyId: string) => `/api/studies/${studyId}/randomization-scheme`;

export function useRandomizationScheme(studyId: string, enabled = true) {
  return useQuery({
    queryKey: randomizationKeys.scheme(studyId),
    queryFn: ({ signal }) => apiGetVersioned<RandomizationScheme>(schemePath(studyId), signal),
    enabled,
    retry: false,
  });
}

export interface SchemeInput {
  blinding: Blinding;
  /** Omitted: every arm of the newest final protocol version with its ratio. */
  arms?: { code: string; ratio: number }[];
  blockSizes: number[];
  strataFactors: StrataFactor[];
  stratifyBySite: boolean;
  reason?: string | null;
}

export const saveRandomizationScheme = (studyId: string, etag: string | undefined, input: SchemeInput) =>
  apiRequest<RandomizationScheme>(schemePath(studyId), { method: 'PUT', body: input, ifMatch: etag });

export const randomizeParticipant = (participantId: string, input: { strata: Record<string, string>; enrolledOn?: string }) =>
  apiRequest<RandomizedParticipant>(`/api/participants/${participantId}/randomization`, { method: 'POST', body: input });

export interface EmergencyUnblinding {
  id: string;
  participantId: string;
  reason: string;
  unblindedByUserId: string;
  unblindedByName: string;
  unblindedAt: string;
}

export const unblindParticipant = (participantId: string, input: { reason: string; password: string }) =>
  apiRequest<{ unblinding: EmergencyUnblinding; arm: { code: string; name: string }; notifiedUserCount: number }>(
    `/api/participants/${participantId}/emergency-unblinding`,
    { method: 'POST', body: input },
  );

export function useUnblindings(participantId: string, enabled: boolean) {
  return useQuery({
    queryKey: randomizationKeys.unblindings(participantId),
    queryFn: ({ signal }) => apiGet<{ items: EmergencyUnblinding[] }>(`/api/participants/${participantId}/emergency-unblindings`, signal),
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

export interface Allocation {
  participantId: string;
  subjectNumber: string;
  siteNumber: string;
  randomizationNumber: string | null;
  stratumKey: string;
  /** Zero-based place in its stratum's list. */
  position: number;
  armCode: string;
  armName: string;
  allocatedAt: string;
}

/** Every allocation recomputed from the seed: those that differ from what is stored are listed. */
export interface AllocationVerification {
  seedSha256: string;
  seedMatchesHash: boolean;
  checked: number;
  matching: number;
  mismatches: {
    participantId: string;
    subjectNumber: string;
    stratumKey: string;
    position: number;
    recordedArm: string;
    expectedArm: string;
  }[];
}

export const allocationsCsvPath = (studyId: string) => `/api/studies/${studyId}/allocations?format=csv`;

export function useAllocations(studyId: string) {
  return useQuery({
    queryKey: randomizationKeys.allocations(studyId),
    queryFn: ({ signal }) => apiGet<{ items: Allocation[] }>(`/api/studies/${studyId}/allocations`, signal),
    select: (data) => data.items,
    retry: false,
  });
}

export function useAllocationVerification(studyId: string) {
  return useQuery({
    queryKey: randomizationKeys.verification(studyId),
    queryFn: ({ signal }) => apiGet<AllocationVerification>(`${schemePath(studyId)}/verification`, signal),
    retry: false,
  });
}
