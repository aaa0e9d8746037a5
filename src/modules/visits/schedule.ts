import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import { openReconsentTasks } from '../participants/open-reconsent-tasks.js';
import { unsafeFindParticipantRow } from '../participants/participant.repo.js';
import { plugVisitSchedule } from '../participants/visit-schedule-port.js';
import { unsafeProtocolInForceAt } from '../protocols/in-force.js';
import type { ProtocolVersion } from '../protocols/protocol.schemas.js';
import { plugSiteApprovalEffects } from '../protocols/site-approval-effects.js';
import { type NewVisit, planNewVisits } from './add-visits.js';
import { replanAfterProtocolApproval } from './replan-after-protocol-approval.js';
import { insertVisits, lockScheduledBaselineVisits, lockScheduledVisitsFrom, planningVisitsOf, unsafeUpdateVisit } from './visit.repo.js';
import { auditScheduleCreated, auditVisitStatus } from './visit-audit.js';
import { anchorDaysFrom, baselineVisitAmong, isPlannable, type PlanningVisit, planWindow, type VisitAnchor } from './visit-plan.js';

/**
 * Plans a participant's visits from the protocol version in force at the study-site on the
 * anchor day. 'consent' plans the consent-anchored visits (screening); 'randomization' plans the
 * randomization-anchored ones and then those counted from baseline. Visits already planned (by
 * code) are left as they are, so calling it again is harmless. Runs in the caller's transaction.
 */
export async function generateSchedule(
  tx: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  anchor: 'consent' | 'randomization',
): Promise<void> {
  // Planning follows a write to this participant in the same transaction (consent, randomization,
  // import), by a caller that reached it through participant-access.repo.ts: no context to check.
  const participant = await unsafeFindParticipantRow(tx, participantId);
  const anchorDay = anchor === 'consent' ? participant.consented_on : participant.enrolled_on;
  if (!anchorDay) throw new Error(`participant ${participantId} has no ${anchor} day to plan visits from`);
  const protocol = await unsafeProtocolInForceAt(tx, participant.study_site_id, anchorDay);
  if (!protocol) return;
  const planned = planSchedule(participant, protocol, anchor, await planningVisitsOf(tx, participantId));
  // Stamped with the request's clock, as the visit's later updates are (never the database's).
  const visits = await insertVisits(
    tx,
    planned.map((values) => ({ ...values, created_at: ctx.now(), updated_at: ctx.now() })),
  );
  // One act, one audit entry holding every visit (ADR 0016).
  await auditScheduleCreated(tx, ctx, participantId, visits);
}

/**
 * The visits generateSchedule adds, planned without the database from the participant's
 * visits so far (`visits`): shared by every writer of schedules (screening, randomization, the
 * import of many participants at once). `protocol` is the version in force on the anchor day.
 */
export function planSchedule(
  participant: Pick<ParticipantRow, 'id' | 'study_site_id' | 'consented_on' | 'enrolled_on' | 'baseline_on'>,
  protocol: ProtocolVersion,
  anchor: 'consent' | 'randomization',
  visits: readonly PlanningVisit[],
): NewVisit[] {
  const anchorDay = anchor === 'consent' ? participant.consented_on : participant.enrolled_on;
  if (!anchorDay) throw new Error(`participant ${participant.id} has no ${anchor} day to plan visits from`);
  const have = new Set(visits.filter((v) => v.kind !== 'unscheduled').map((v) => v.code));
  const planned: NewVisit[] = [];
  const anchors: VisitAnchor[] = anchor === 'consent' ? ['consent'] : ['randomization', 'baseline'];
  for (const visitAnchor of anchors) {
    // Baseline comes after randomization: its day is known only once the baseline visit is planned.
    const baselineVisit = participant.baseline_on
      ? undefined
      : baselineVisitAmong([...visits, ...planned.map((v) => ({ ...v, status: 'scheduled', actual_date: null }))]);
    const days = anchorDaysFrom(participant, baselineVisit);
    const definitions = protocol.visits.filter((v) => isPlannable(v) && v.anchor === visitAnchor);
    // A plan made on the anchor day cannot hold a visit whose window closed before it (a
    // screening visit counted back from baseline): it happened, or not, before the plan.
    planned.push(...planNewVisits(participant, protocol.id, definitions, days, have, { windowOpenOn: anchorDay }));
  }
  return planned;
}

/**
 * Cancels the participant's still-scheduled visits whose target date is on or after `from`
 * (only of `kinds` when given): after a screen failure, a withdrawal, the end of the study.
 * Done, missed and earlier visits stay as they are. Returns how many were cancelled.
 */
export async function cancelScheduledVisits(
  tx: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  options: { from: string; kinds?: string[]; reason?: string },
): Promise<number> {
  if (options.kinds && options.kinds.length === 0) return 0;
  const visits = await lockScheduledVisitsFrom(tx, participantId, options.from, options.kinds);
  for (const visit of visits) {
    await unsafeUpdateVisit(tx, visit, { status: 'cancelled' }, ctx.now());
    await auditVisitStatus(tx, ctx, visit, 'cancelled', options.reason);
  }
  return visits.length;
}

/** The visits counted from baseline were planned from the baseline visit's target: now from the day it was done. */
export async function replanFromBaseline(tx: Kysely<DB>, ctx: RequestContext, participantId: string, baselineOn: string): Promise<void> {
  const visits = await lockScheduledBaselineVisits(tx, participantId);
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
    await unsafeUpdateVisit(
      tx,
      visit,
      { target_date: window.targetDate, window_start: window.windowStart, window_end: window.windowEnd },
      ctx.now(),
    );
    await writeAuditEvent(tx, ctx, {
      entityType: 'participant_visit',
      entityId: visit.id,
      action: 'update',
      changes,
      reason: `Re-planned from the baseline visit done on ${baselineOn}.`,
    });
  }
}

// The modules below visits start and end schedules and approve protocols; they call back here.
plugVisitSchedule({ planVisits: generateSchedule, cancelScheduledVisits });
plugSiteApprovalEffects({
  protocolApproved: (tx, ctx, { studySiteId, protocol, approvedOn }) =>
    replanAfterProtocolApproval(tx, ctx, studySiteId, protocol, approvedOn),
  icfApproved: openReconsentTasks,
});
