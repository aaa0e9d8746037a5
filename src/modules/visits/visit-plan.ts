import type { Kysely } from 'kysely';
import { addDays } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import type { ProtocolVersion } from '../protocols/protocol.schemas.js';
import { findBaselineVisit } from './visit.repo.js';

/** A visit definition of a protocol version, as unsafeProtocolInForceAt returns it. */
export type VisitDefinition = ProtocolVersion['visits'][number];
export type VisitAnchor = 'consent' | 'randomization' | 'baseline';

/** The days a participant's visits are counted from; null while the anchor has not happened. */
export type AnchorDays = Record<VisitAnchor, string | null>;

export interface PlannedWindow {
  targetDate: string;
  windowStart: string;
  windowEnd: string;
}

/** target = anchor day + target day; the window runs `before` days ahead of it to `after` days past it. */
export function planWindow(
  definition: Pick<VisitDefinition, 'targetDay' | 'windowBeforeDays' | 'windowAfterDays'>,
  anchorDay: string,
): PlannedWindow {
  const targetDate = addDays(anchorDay, definition.targetDay ?? 0);
  return {
    targetDate,
    windowStart: addDays(targetDate, -definition.windowBeforeDays),
    windowEnd: addDays(targetDate, definition.windowAfterDays),
  };
}

/** Unscheduled visits are recorded as they happen, never planned. */
export function isPlannable(definition: VisitDefinition): definition is VisitDefinition & { anchor: VisitAnchor; targetDay: number } {
  return definition.kind !== 'unscheduled' && definition.anchor !== null && definition.targetDay !== null;
}

/**
 * Consent and randomization days are on the participant. The baseline day is the day the
 * baseline visit was done once it is (participants.baseline_on), until then its target date;
 * when the baseline visit is itself counted from baseline (day 0), baseline is the
 * randomization day until it is done.
 */
export async function anchorDaysOf(db: Kysely<DB>, participant: ParticipantRow): Promise<AnchorDays> {
  let baseline = participant.baseline_on;
  if (!baseline) {
    const visit = await findBaselineVisit(db, participant.id);
    baseline = visit?.actual_date ?? visit?.target_date ?? participant.enrolled_on;
  }
  return { consent: participant.consented_on, randomization: participant.enrolled_on, baseline };
}
