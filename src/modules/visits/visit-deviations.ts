import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow, ParticipantVisitRow } from '../../platform/db/schema-participants.js';
import { findOutstandingReconsent } from '../participants/consent.repo.js';
import type { VisibleParticipant } from '../participants/participant-access.repo.js';
import { recordAutomaticDeviation } from './deviation.repo.js';

/**
 * The deviations a visit's facts imply, found when the visit is completed or its window closes.
 * Descriptions speak of the visit, its dates and the consent form version: never of a person's
 * name or a treatment arm, so every reader may see them.
 */

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
const plural = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const visitLabel = (visit: Pick<ParticipantVisitRow, 'code' | 'name'>) => `Visit ${visit.code} (${visit.name})`;

export function outOfWindowDescription(visit: ParticipantVisitRow, actualDate: string): string | undefined {
  if (!visit.window_start || !visit.window_end) return undefined;
  const window = `its window ${visit.window_start} to ${visit.window_end}`;
  if (actualDate < visit.window_start)
    return `${visitLabel(visit)} done on ${actualDate}, ${plural(daysBetween(actualDate, visit.window_start))} early for ${window}.`;
  if (actualDate > visit.window_end)
    return `${visitLabel(visit)} done on ${actualDate}, ${plural(daysBetween(visit.window_end, actualDate))} late for ${window}.`;
  return undefined;
}

export function missedDescription(visit: ParticipantVisitRow): string {
  return `${visitLabel(visit)} not done: its window ${visit.window_start} to ${visit.window_end} closed.`;
}

type Finding = { participant: Pick<ParticipantRow, 'id' | 'study_id'>; visit: ParticipantVisitRow };

/** A deviation the facts of a completed visit imply, before it is recorded. */
export interface ForeseenDeviation {
  category: 'visit_out_of_window' | 'superseded_consent';
  description: string;
}

/**
 * The deviations completing `visit` on `actualDate` implies: outside its window, or while a
 * required re-consent was outstanding. One rule for the completion that records them and for
 * the preview that warns before saving, so the warning cannot say other than what is recorded.
 */
export async function foreseeCompletedVisitDeviations(
  db: Kysely<DB>,
  visible: VisibleParticipant,
  visit: ParticipantVisitRow,
  actualDate: string,
): Promise<ForeseenDeviation[]> {
  const foreseen: ForeseenDeviation[] = [];
  const late = visit.kind === 'unscheduled' ? undefined : outOfWindowDescription(visit, actualDate);
  if (late) foreseen.push({ category: 'visit_out_of_window', description: late });
  const task = await findOutstandingReconsent(db, visible, actualDate);
  if (task) {
    const description = `${visitLabel(visit)} done on ${actualDate} while re-consent on consent form ${task.version_label} (${task.language}), due from ${task.due_from}, was outstanding.`;
    foreseen.push({ category: 'superseded_consent', description });
  }
  return foreseen;
}

/** After completion: records what foreseeCompletedVisitDeviations finds. */
export async function detectCompletedVisitDeviations(
  tx: Kysely<DB>,
  ctx: RequestContext,
  { visible, visit }: { visible: VisibleParticipant; visit: ParticipantVisitRow },
): Promise<string[]> {
  const { participant } = visible;
  const actualDate = visit.actual_date;
  if (!actualDate) return [];
  const base = {
    studyId: participant.study_id,
    studySiteId: visit.study_site_id,
    participantId: participant.id,
    visitId: visit.id,
    occurredOn: actualDate,
  };
  const created: (string | undefined)[] = [];
  for (const deviation of await foreseeCompletedVisitDeviations(tx, visible, visit, actualDate)) {
    created.push(await recordAutomaticDeviation(tx, ctx, { ...base, ...deviation }));
  }
  return created.filter((id): id is string => id !== undefined);
}

/** After the window closed with the visit still scheduled. */
export function recordMissedVisitDeviation(tx: Kysely<DB>, ctx: RequestContext, { participant, visit }: Finding, today: string) {
  return recordAutomaticDeviation(tx, ctx, {
    studyId: participant.study_id,
    studySiteId: visit.study_site_id,
    participantId: participant.id,
    visitId: visit.id,
    category: 'missed_visit',
    description: missedDescription(visit),
    // The day the window closed: the last day it could have been done. Never after today.
    occurredOn: visit.window_end && visit.window_end < today ? visit.window_end : today,
  });
}
