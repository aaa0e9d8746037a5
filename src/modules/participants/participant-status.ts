import { conflict } from '../../platform/errors.js';
import type { ParticipantStatus } from './participant.schemas.js';

/** Statuses in which a participant takes part in the study: consent, visits and eligibility go on. */
export const activeStatuses: ParticipantStatus[] = ['screening', 'enrolled', 'on_treatment', 'follow_up'];

export function assertActive(status: string, action: string): void {
  if (!activeStatuses.includes(status as ParticipantStatus)) {
    const detail = `Cannot ${action}: the participant is ${status.replaceAll('_', ' ')}.`;
    throw conflict(detail, [{ pointer: '', detail: `Current status: ${status}.` }]);
  }
}
