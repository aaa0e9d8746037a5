import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import { protocolInForceAt } from '../protocols/in-force.js';
import { auditVisitCreated, auditVisitStatus } from './visit-audit.js';
import { type AnchorDays, anchorDaysOf, isPlannable, planWindow, type VisitAnchor, type VisitDefinition } from './visit-plan.js';

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
  const participant = await tx.selectFrom('participants').selectAll().where('id', '=', participantId).executeTakeFirstOrThrow();
  const anchorDay = anchor === 'consent' ? participant.consented_on : participant.enrolled_on;
  if (!anchorDay) throw new Error(`participant ${participantId} has no ${anchor} day to plan visits from`);
  const protocol = await protocolInForceAt(tx, participant.study_site_id, anchorDay);
  if (!protocol) return;
  const anchors: VisitAnchor[] = anchor === 'consent' ? ['consent'] : ['randomization', 'baseline'];
  for (const visitAnchor of anchors) {
    // Baseline comes after randomization: its day is known only once the baseline visit is planned.
    const days = await anchorDaysOf(tx, participant);
    const definitions = protocol.visits.filter((v) => isPlannable(v) && v.anchor === visitAnchor);
    // A plan made on the anchor day cannot hold a visit whose window closed before it (a
    // screening visit counted back from baseline): it happened, or not, before the plan.
    await addVisits(tx, ctx, participant, protocol.id, definitions, days, { windowOpenOn: anchorDay });
  }
}

/**
 * Adds the visits of `definitions` the participant does not have yet (by code) whose anchor has
 * happened; returns the codes added. `onlyFrom` skips those whose target date is before it,
 * `windowOpenOn` those whose window closed before it.
 */
export async function addVisits(
  tx: Kysely<DB>,
  ctx: RequestContext,
  participant: ParticipantRow,
  protocolVersionId: string,
  definitions: VisitDefinition[],
  days: AnchorDays,
  options: { onlyFrom?: string; windowOpenOn?: string; reason?: string } = {},
): Promise<string[]> {
  const existing = await tx
    .selectFrom('participant_visits')
    .select('code')
    .where('participant_id', '=', participant.id)
    .where('kind', '<>', 'unscheduled')
    .execute();
  const have = new Set(existing.map((v) => v.code));
  const added: string[] = [];
  for (const definition of definitions) {
    if (!isPlannable(definition) || have.has(definition.code)) continue;
    const anchorDay = days[definition.anchor];
    if (!anchorDay) continue;
    const window = planWindow(definition, anchorDay);
    if (options.onlyFrom && window.targetDate < options.onlyFrom) continue;
    if (options.windowOpenOn && window.windowEnd < options.windowOpenOn) continue;
    const visit = await tx
      .insertInto('participant_visits')
      .values({
        participant_id: participant.id,
        study_site_id: participant.study_site_id,
        protocol_version_id: protocolVersionId,
        protocol_visit_id: definition.id,
        code: definition.code,
        name: definition.name,
        kind: definition.kind,
        sequence: definition.sequence,
        target_date: window.targetDate,
        window_start: window.windowStart,
        window_end: window.windowEnd,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await auditVisitCreated(tx, ctx, visit, options.reason);
    have.add(definition.code);
    added.push(definition.code);
  }
  return added;
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
  let query = tx
    .selectFrom('participant_visits')
    .select(['id', 'status'])
    .where('participant_id', '=', participantId)
    .where('status', '=', 'scheduled')
    .where('target_date', '>=', options.from);
  if (options.kinds) {
    if (options.kinds.length === 0) return 0;
    query = query.where('kind', 'in', options.kinds);
  }
  const visits = await query.forUpdate().execute();
  for (const visit of visits) {
    await tx
      .updateTable('participant_visits')
      .set((eb) => ({ status: 'cancelled', version: eb('version', '+', 1), updated_at: ctx.now() }))
      .where('id', '=', visit.id)
      .execute();
    await auditVisitStatus(tx, ctx, visit, 'cancelled', options.reason);
  }
  return visits.length;
}
