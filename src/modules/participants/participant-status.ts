import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import { conflict } from '../../platform/errors.js';
import type { ParticipantStatus, StatusChange } from './participant.schemas.js';

/**
 * The participant's status machine, in one place. Screening → enrolled is randomization's
 * (assertReadyForRandomization); enrolled → on treatment → follow-up → completed also follow
 * completed visits (statusAfterVisit); the rest are changes a person makes (allowedFrom).
 * Screen failed, completed, withdrawn and lost to follow-up are final.
 */

/** Statuses in which a participant takes part in the study: consent, visits and eligibility go on. */
export const activeStatuses: ParticipantStatus[] = ['screening', 'enrolled', 'on_treatment', 'follow_up'];

export function assertActive(status: string, action: string): void {
  if (!activeStatuses.includes(status as ParticipantStatus)) {
    const detail = `Cannot ${action}: the participant is ${status.replaceAll('_', ' ')}.`;
    throw conflict(detail, [{ pointer: '', detail: `Current status: ${status}.` }]);
  }
}

/** The statuses each change a person makes may leave from. */
const allowedFrom: Record<StatusChange['status'], ParticipantStatus[]> = {
  screen_failed: ['screening'],
  withdrawn: ['screening', 'enrolled', 'on_treatment', 'follow_up'],
  lost_to_follow_up: ['enrolled', 'on_treatment', 'follow_up'],
  completed: ['enrolled', 'on_treatment', 'follow_up'],
  on_treatment: ['enrolled'],
  follow_up: ['on_treatment'],
};

export function assertStatusChangeAllowed(from: ParticipantStatus, to: StatusChange['status']): void {
  if (!allowedFrom[to].includes(from)) {
    const detail = `Cannot move a participant who is ${from.replaceAll('_', ' ')} to ${to.replaceAll('_', ' ')}.`;
    throw conflict(detail, [{ pointer: '/status', detail: `Current status: ${from}.` }]);
  }
}

/** What ends the participant's scheduled visits: from which day, and only which kinds when not all. */
export interface ScheduleCancellation {
  from: string;
  kinds?: string[];
}

/** The columns a change sets, and which scheduled visits it cancels from its day. */
export function effectsOf(change: StatusChange): { columns: Record<string, string>; cancel?: ScheduleCancellation } {
  switch (change.status) {
    case 'screen_failed':
      return { columns: { screen_failed_on: change.on, screen_fail_reason: change.reason }, cancel: { from: change.on } };
    case 'withdrawn':
      return {
        columns: { withdrawn_on: change.on, withdrawal_scope: change.scope, withdrawal_reason: change.reason },
        // Withdrawn from treatment only: follow-up visits go on (ICH E9 intention to treat).
        cancel: { from: change.on, ...(change.scope === 'treatment' ? { kinds: ['treatment'] } : {}) },
      };
    case 'lost_to_follow_up':
      return { columns: { lost_on: change.on }, cancel: { from: change.on } };
    case 'completed':
      return { columns: { completed_on: change.on }, cancel: { from: change.on } };
    default:
      return { columns: {} };
  }
}

/** Only a screened, consented participant whose eligibility an investigator confirmed is randomized. */
export function assertReadyForRandomization(participant: ParticipantRow): void {
  if (participant.status !== 'screening') {
    throw conflict(`Only a participant in screening can be randomized; this one is ${participant.status}.`, [
      { pointer: '/status', detail: `Is ${participant.status}, not screening.` },
    ]);
  }
  const missing = [
    ...(participant.consented_on === null ? [{ pointer: '/consentedOn', detail: 'No consent is recorded.' }] : []),
    ...(participant.eligibility_confirmed_at === null
      ? [{ pointer: '/eligibilityConfirmedAt', detail: 'Eligibility is not confirmed by an investigator.' }]
      : []),
  ];
  if (missing.length > 0) throw conflict(`Not ready for randomization: ${missing.map((m) => m.detail).join(' ')}`, missing);
}

/** Where a completed visit of `kind` moves the participant: treatment, follow-up and end-of-study visits move it forward. */
export function statusAfterVisit(status: string, kind: string): ParticipantStatus | undefined {
  if (kind === 'treatment' && status === 'enrolled') return 'on_treatment';
  if (kind === 'follow_up' && status === 'on_treatment') return 'follow_up';
  if (kind === 'end_of_study' && ['enrolled', 'on_treatment', 'follow_up'].includes(status)) return 'completed';
  return undefined;
}

/** Participants no longer followed are not asked to re-consent. */
export const inactiveStatuses: ParticipantStatus[] = ['screen_failed', 'completed', 'withdrawn', 'lost_to_follow_up'];

/** Participants whose schedule is over: nothing more is planned or re-planned for them. */
const closedScheduleStatuses: ParticipantStatus[] = ['screen_failed', 'completed', 'lost_to_follow_up'];

export function isScheduleClosed(participant: Pick<ParticipantRow, 'status' | 'withdrawal_scope'>): boolean {
  if (closedScheduleStatuses.includes(participant.status as ParticipantStatus)) return true;
  return participant.status === 'withdrawn' && participant.withdrawal_scope === 'study';
}
