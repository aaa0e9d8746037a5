import { type QueryClient, useQuery } from '@tanstack/react-query';
import { answer, api, ifMatch } from '../../app/api-client';
import type { Answer, ListItem, RequestBody } from '../../app/api-types';
import type { EnumOption } from '../../lib/enum-labels';

export type AdverseEvent = ListItem<'/api/participants/{id}/adverse-events'>;
export type AdverseEventInput = RequestBody<'/api/participants/{id}/adverse-events', 'post'>;
export type SaeReport = Answer<'/api/sae-reports/{id}'>;
export type SaeReportSummary = ListItem<'/api/sae-reports'>;
export type Clock = SaeReport['siteClock'];

export const seriousCriterionOptions: EnumOption<AdverseEvent['seriousCriteria'][number]>[] = [
  { value: 'death', label: 'Death', color: 'dark' },
  { value: 'life_threatening', label: 'Life-threatening', color: 'red' },
  { value: 'hospitalisation', label: 'Hospitalisation or prolongation', color: 'orange' },
  { value: 'disability', label: 'Disability or incapacity', color: 'grape' },
  { value: 'congenital_anomaly', label: 'Congenital anomaly', color: 'violet' },
  { value: 'important_medical_event', label: 'Other important medical event', color: 'yellow' },
];
export const causalityOptions: EnumOption<AdverseEvent['causality']>[] = [
  { value: 'related', label: 'Related', color: 'red' },
  { value: 'not_related', label: 'Not related', color: 'gray' },
];
export const expectednessOptions: EnumOption<AdverseEvent['expectedness']>[] = [
  { value: 'unexpected', label: 'Unexpected', color: 'red' },
  { value: 'expected', label: 'Expected', color: 'gray' },
];
export const actionTakenOptions: EnumOption<AdverseEvent['actionTaken']>[] = [
  { value: 'none', label: 'Dose not changed', color: 'gray' },
  { value: 'dose_reduced', label: 'Dose reduced', color: 'yellow' },
  { value: 'dose_increased', label: 'Dose increased', color: 'yellow' },
  { value: 'interrupted', label: 'Interrupted', color: 'orange' },
  { value: 'withdrawn', label: 'Withdrawn', color: 'red' },
  { value: 'not_applicable', label: 'Not applicable', color: 'gray' },
  { value: 'unknown', label: 'Unknown', color: 'gray' },
];
export const outcomeOptions: EnumOption<AdverseEvent['outcome']>[] = [
  { value: 'recovered', label: 'Recovered', color: 'green' },
  { value: 'recovering', label: 'Recovering', color: 'teal' },
  { value: 'not_recovered', label: 'Not recovered', color: 'orange' },
  { value: 'recovered_with_sequelae', label: 'Recovered with sequelae', color: 'yellow' },
  { value: 'fatal', label: 'Fatal', color: 'dark' },
  { value: 'unknown', label: 'Unknown', color: 'gray' },
];
export const clockStatusOptions: EnumOption<Clock['status']>[] = [
  { value: 'due', label: 'Due', color: 'blue' },
  { value: 'due_soon', label: 'Due soon', color: 'orange' },
  { value: 'overdue', label: 'Overdue', color: 'red' },
  { value: 'met', label: 'Met', color: 'green' },
];
export const clockKindLabels: Record<Clock['kind'], string> = {
  site: 'Site to sponsor',
  expedited: 'Expedited report',
  completion: 'Complete report',
};

export const safetyKeys = {
  all: ['safety'] as const,
  ofParticipant: (participantId: string) => ['safety', 'participant', participantId] as const,
  report: (reportId: string) => ['safety', 'report', reportId] as const,
  reports: ['safety', 'reports'] as const,
};

export function useParticipantAdverseEvents(participantId: string) {
  return useQuery({
    queryKey: safetyKeys.ofParticipant(participantId),
    queryFn: ({ signal }) => answer(api.GET('/api/participants/{id}/adverse-events', { params: { path: { id: participantId } }, signal })),
    select: (data) => data.items,
  });
}

export function useSaeReport(reportId: string) {
  return useQuery({
    queryKey: safetyKeys.report(reportId),
    queryFn: ({ signal }) => answer(api.GET('/api/sae-reports/{id}', { params: { path: { id: reportId } }, signal })),
  });
}

export function useSaeReports() {
  return useQuery({
    queryKey: safetyKeys.reports,
    queryFn: ({ signal }) => answer(api.GET('/api/sae-reports', { params: { query: { status: 'open' } }, signal })),
    select: (data) => data.items,
  });
}

export const recordAdverseEvent = (participantId: string, body: AdverseEventInput) =>
  answer(api.POST('/api/participants/{id}/adverse-events', { params: { path: { id: participantId } }, body }));

export const updateAdverseEvent = (event: AdverseEvent, body: AdverseEventInput) =>
  answer(api.PUT('/api/adverse-events/{id}', { params: { path: { id: event.id } }, body, headers: ifMatch(`"${event.version}"`) }));

type Step = 'draft' | 'follow-ups' | 'submit' | 'acknowledge' | 'assessment' | 'close';
type StepBody<S extends Step> = RequestBody<`/api/sae-reports/{id}/${S}`, 'post'>;

export const reportStep = <S extends Step>(report: SaeReport, step: S, body: StepBody<S>) =>
  answer(
    // The step paths share one shape; the union of their literal types is more than openapi-fetch can narrow.
    api.POST(`/api/sae-reports/{id}/${step}` as '/api/sae-reports/{id}/draft', {
      params: { path: { id: report.id } },
      body: body as StepBody<'draft'>,
      headers: ifMatch(`"${report.version}"`),
    }),
  );

export const markClockMet = (clock: Clock, body: RequestBody<'/api/sae-clocks/{id}/met', 'post'>) =>
  answer(api.POST('/api/sae-clocks/{id}/met', { params: { path: { id: clock.id ?? '' } }, body, headers: ifMatch(`"${clock.version}"`) }));

export function invalidateSafety(queryClient: QueryClient) {
  queryClient.invalidateQueries({ queryKey: safetyKeys.all });
  queryClient.invalidateQueries({ queryKey: ['audit'] });
  queryClient.invalidateQueries({ queryKey: ['notifications'] });
}
