import { useQuery } from '@tanstack/react-query';
import { answer, answerVersioned, api, ifMatch } from '../../app/api-client';
import type { RequestBody } from '../../app/api-types';

export type BookingInput = RequestBody<'/api/participant-visits/{id}/appointment', 'put'>;

/** The visit as it stands now, with its version: the booking dialog writes against it. */
export function useVisitForBooking(visitId: string | null) {
  return useQuery({
    queryKey: ['visits', 'detail', visitId],
    queryFn: ({ signal }) => answerVersioned(api.GET('/api/participant-visits/{id}', { params: { path: { id: visitId ?? '' } }, signal })),
    enabled: Boolean(visitId),
  });
}

export const bookVisit = (visitId: string, etag: string, input: BookingInput) =>
  answer(api.PUT('/api/participant-visits/{id}/appointment', { params: { path: { id: visitId } }, body: input, headers: ifMatch(etag) }));

export const cancelVisitBooking = (visitId: string, etag: string) =>
  answer(api.DELETE('/api/participant-visits/{id}/appointment', { params: { path: { id: visitId } }, headers: ifMatch(etag) }));
