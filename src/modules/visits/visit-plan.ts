import type { Kysely } from 'kysely';
import { addDays } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow, ParticipantVisitRow } from '../../platform/db/schema-participants.js';
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

/** What planning needs of a participant's visits: which codes it has, and its baseline visit. */
export type PlanningVisit = Pick<ParticipantVisitRow, 'code' | 'kind' | 'status' | 'sequence' | 'target_date' | 'actual_date'>;

/**
 * Consent and randomization days are on the participant. The baseline day is the day the
 * baseline visit was done once it is (participants.baseline_on), until then its target date;
 * when the baseline visit is itself counted from baseline (day 0), baseline is the
 * randomization day until it is done.
 */
export async function anchorDaysOf(db: Kysely<DB>, participant: ParticipantRow): Promise<AnchorDays> {
  return anchorDaysFrom(participant, participant.baseline_on ? undefined : await findBaselineVisit(db, participant.id));
}

/** anchorDaysOf over the baseline visit read already (the first in sequence, scheduled or done). */
export function anchorDaysFrom(
  participant: Pick<ParticipantRow, 'consented_on' | 'enrolled_on' | 'baseline_on'>,
  baselineVisit: Pick<ParticipantVisitRow, 'target_date' | 'actual_date'> | undefined,
): AnchorDays {
  const baseline = participant.baseline_on ?? baselineVisit?.actual_date ?? baselineVisit?.target_date ?? participant.enrolled_on;
  return { consent: participant.consented_on, randomization: participant.enrolled_on, baseline };
}

/** The baseline visit among a participant's visits, as findBaselineVisit reads it. */
export function baselineVisitAmong<V extends Pick<PlanningVisit, 'kind' | 'status' | 'sequence'>>(visits: readonly V[]): V | undefined {
  let first: V | undefined;
  for (const visit of visits) {
    if (visit.kind !== 'baseline' || (visit.status !== 'scheduled' && visit.status !== 'completed')) continue;
    if (!first || visit.sequence < first.sequence) first = visit;
  }
  return first;
}
