import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { answer, api } from '../../app/api-client';
import type { Answer } from '../../app/api-types';

export type Enrollment = Answer<'/api/studies/{id}/enrollment'>;
/** The funnel's measures; active = enrolled − completed − withdrawn − lost. */
export type Funnel = Enrollment['totals'];
export type EnrollmentSite = Enrollment['sites'][number];
export type EnrollmentPoint = Enrollment['series'][number];

export function useEnrollment(studyId: string, studySiteId: string | undefined, interval: 'week' | 'month') {
  return useQuery({
    queryKey: ['enrollment', studyId, studySiteId ?? null, interval],
    queryFn: ({ signal }) =>
      answer(api.GET('/api/studies/{id}/enrollment', { params: { path: { id: studyId }, query: { studySiteId, interval } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export const funnelSteps: { key: keyof Funnel; label: string; color: string }[] = [
  { key: 'prescreened', label: 'Pre-screened', color: 'gray.6' },
  { key: 'screened', label: 'Screened', color: 'blue.6' },
  { key: 'screenFailed', label: 'Screen failed', color: 'orange.6' },
  { key: 'enrolled', label: 'Enrolled', color: 'teal.6' },
  { key: 'active', label: 'Active', color: 'green.7' },
  { key: 'completed', label: 'Completed', color: 'dark.5' },
  { key: 'withdrawn', label: 'Withdrawn', color: 'red.6' },
  { key: 'lost', label: 'Lost to follow-up', color: 'grape.6' },
];
