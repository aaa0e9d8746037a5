import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ScheduleCancellation } from './participant-status.js';

/**
 * The participants module sits below visits (visits reach participants through
 * participant-access.repo.ts and move their status through this module), yet a first consent
 * starts a participant's schedule and a final status ends it. The visits module plugs its
 * schedule in here when it loads (visits/schedule.ts); a participant write before then is a
 * wiring error, so it fails rather than skip the visits silently.
 */
export interface VisitSchedulePort {
  /** Plans the visits anchored on consent or randomization, in the caller's transaction. */
  planVisits(tx: Kysely<DB>, ctx: RequestContext, participantId: string, anchor: 'consent' | 'randomization'): Promise<void>;
  /** Cancels the still-scheduled visits from a day on (only of some kinds when given); returns how many. */
  cancelScheduledVisits(
    tx: Kysely<DB>,
    ctx: RequestContext,
    participantId: string,
    options: ScheduleCancellation & { reason?: string },
  ): Promise<number>;
}

let plugged: VisitSchedulePort | undefined;

export function plugVisitSchedule(port: VisitSchedulePort): void {
  plugged = port;
}

export function visitSchedule(): VisitSchedulePort {
  if (!plugged) throw new Error('the visits module is not loaded: nothing plans or cancels participant visits');
  return plugged;
}
