import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow, ParticipantVisitRow } from '../../platform/db/schema-participants.js';
import { cancelScheduledVisits } from './schedule.js';
import { planWindow } from './visit-plan.js';

/**
 * What a completed visit does to its participant: the baseline visit fixes the baseline day and
 * moves the visits counted from it; treatment, follow-up and end-of-study visits move the
 * participant's status forward. Audited as participant changes, in the completion's transaction.
 */
export async function applyCompletedVisit(tx: Kysely<DB>, ctx: RequestContext, participant: ParticipantRow, visit: ParticipantVisitRow) {
  const actualDate = visit.actual_date;
  if (!actualDate) return;
  const changes: { field: string; old: unknown; new: unknown }[] = [];
  const columns: Partial<Pick<ParticipantRow, 'baseline_on' | 'status' | 'completed_on'>> = {};
  if (visit.kind === 'baseline' && !participant.baseline_on) {
    columns.baseline_on = actualDate;
    changes.push({ field: 'baselineOn', old: null, new: actualDate });
  }
  const next = nextStatus(participant.status, visit.kind);
  if (next) {
    columns.status = next;
    changes.push({ field: 'status', old: participant.status, new: next });
    if (next === 'completed') {
      columns.completed_on = actualDate;
      changes.push({ field: 'completedOn', old: participant.completed_on, new: actualDate });
    }
  }
  if (changes.length === 0) return;
  await tx
    .updateTable('participants')
    .set((eb) => ({ ...columns, version: eb('version', '+', 1), updated_at: ctx.now() }))
    .where('id', '=', participant.id)
    .execute();
  await writeAuditEvent(tx, ctx, {
    entityType: 'participant',
    entityId: participant.id,
    action: next ? 'status_change' : 'update',
    changes,
    reason: `Visit ${visit.code} completed on ${actualDate}.`,
  });
  if (columns.baseline_on) await replanFromBaseline(tx, ctx, participant.id, columns.baseline_on);
  if (next === 'completed')
    await cancelScheduledVisits(tx, ctx, participant.id, { from: actualDate, reason: `End of study on ${actualDate}.` });
}

function nextStatus(status: string, kind: string): string | undefined {
  if (kind === 'treatment' && status === 'enrolled') return 'on_treatment';
  if (kind === 'follow_up' && status === 'on_treatment') return 'follow_up';
  if (kind === 'end_of_study' && ['enrolled', 'on_treatment', 'follow_up'].includes(status)) return 'completed';
  return undefined;
}

/** The visits counted from baseline were planned from the baseline visit's target: now from the day it was done. */
async function replanFromBaseline(tx: Kysely<DB>, ctx: RequestContext, participantId: string, baselineOn: string) {
  const visits = await tx
    .selectFrom('participant_visits as v')
    .innerJoin('protocol_visits as d', 'd.id', 'v.protocol_visit_id')
    .selectAll('v')
    .select(['d.id as definition_id', 'd.target_day', 'd.window_before_days', 'd.window_after_days'])
    .where('v.participant_id', '=', participantId)
    .where('v.status', '=', 'scheduled')
    .where('d.anchor', '=', 'baseline')
    .forUpdate()
    .execute();
  for (const visit of visits) {
    const window = planWindow(
      { targetDay: visit.target_day, windowBeforeDays: visit.window_before_days, windowAfterDays: visit.window_after_days },
      baselineOn,
    );
    const changes = [
      { field: 'targetDate', old: visit.target_date, new: window.targetDate },
      { field: 'windowStart', old: visit.window_start, new: window.windowStart },
      { field: 'windowEnd', old: visit.window_end, new: window.windowEnd },
    ].filter((c) => c.old !== c.new);
    if (changes.length === 0) continue;
    await tx
      .updateTable('participant_visits')
      .set((eb) => ({
        target_date: window.targetDate,
        window_start: window.windowStart,
        window_end: window.windowEnd,
        version: eb('version', '+', 1),
        updated_at: ctx.now(),
      }))
      .where('id', '=', visit.id)
      .execute();
    await writeAuditEvent(tx, ctx, {
      entityType: 'participant_visit',
      entityId: visit.id,
      action: 'update',
      changes,
      reason: `Re-planned from the baseline visit done on ${baselineOn}.`,
    });
  }
}
