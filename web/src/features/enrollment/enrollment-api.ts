import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet, withQuery } from '../../app/api-client';

/** The funnel's measures; active = enrolled − completed − withdrawn − lost. */
export interface Funnel {
  prescreened: number;
  screened: number;
  screenFailed: number;
  enrolled: number;
  active: number;
  completed: number;
  withdrawn: number;
  lost: number;
}

export interface EnrollmentSite extends Funnel {
  studySiteId: string;
  siteId: string;
  siteNumber: string;
  siteName: string;
  targetEnrollment: number | null;
  activationDate: string | null;
}

export interface EnrollmentPoint extends Funnel {
  periodStart: string;
  /** The period's last day (today for the current one): counts are cumulative up to it. */
  date: string;
  target: number | null;
}

export interface Enrollment {
  studyId: string;
  studySiteId: string | null;
  interval: 'week' | 'month';
  today: string;
  target: number | null;
  totals: Funnel;
  sites: EnrollmentSite[];
  series: EnrollmentPoint[];
}

export function useEnrollment(studyId: string, studySiteId: string | undefined, interval: 'week' | 'month') {
  return useQuery({
    queryKey: ['enrollment', studyId, studySiteId ?? null, interval],
    queryFn: ({ signal }) => apiGet<Enrollment>(withQuery(`/api/studies/${studyId}/enrollment`, { studySiteId, interval }), signal),
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
