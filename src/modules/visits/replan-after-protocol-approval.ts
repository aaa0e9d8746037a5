import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow, ParticipantVisitRow } from '../../platform/db/schema-participants.js';
import { lockConsentedParticipantsAt } from '../participants/participant.repo.js';
import { isScheduleClosed } from '../participants/participant-status.js';
import type { ProtocolVersion } from '../protocols/protocol.schemas.js';
import { addVisits } from './add-visits.js';
import { lockScheduledVisitsAhead, unsafeUpdateVisit } from './visit.repo.js';
import { auditVisitStatus } from './visit-audit.js';
import { anchorDaysOf, isPlannable, planWindow, type VisitAnchor } from './visit-plan.js';

/**
 * A protocol amendment approved at a site governs the visits still ahead: each scheduled visit
 * from `approvedOn` takes the new version's definition of the same code (target and window from
 * the same anchors), visits the new version dropped are cancelled, and visits it adds are planned
 * when their anchor has happened and they fall on or after `approvedOn`. Visits done or missed
 * are records of what happened and never change. Runs in the approval's transaction.
 */
export async function replanAfterProtocolApproval(
  tx: Kysely<DB>,
  ctx: RequestContext,
  studySiteId: string,
  protocol: ProtocolVersion,
  approvedOn: string,
): Promise<void> {
  const participants = await lockConsentedParticipantsAt(tx, studySiteId);
  for (const participant of participants) {
    if (isScheduleClosed(participant)) continue;
    await replanParticipant(tx, ctx, participant, protocol, approvedOn);
  }
}

async function replanParticipant(
  tx: Kysely<DB>,
  ctx: RequestContext,
  participant: ParticipantRow,
  protocol: ProtocolVersion,
  approvedOn: string,
): Promise<void> {
  const reason = `Re-planned under protocol version ${protocol.versionLabel}, approved at the site on ${approvedOn}.`;
  const ahead = await lockScheduledVisitsAhead(tx, participant.id, approvedOn);
  const byCode = new Map(protocol.visits.filter(isPlannable).map((v) => [v.code, v]));
  for (const visit of ahead) {
    if (byCode.has(visit.code)) continue;
    await unsafeUpdateVisit(tx, visit, { status: 'cancelled' }, ctx.now());
    await auditVisitStatus(tx, ctx, visit, 'cancelled', `Not in protocol version ${protocol.versionLabel}. ${reason}`);
  }
  // Anchors in order: a visit counted from baseline moves with the baseline visit's new target.
  for (const anchor of ['consent', 'randomization', 'baseline'] as VisitAnchor[]) {
    const days = await anchorDaysOf(tx, participant);
    for (const visit of ahead) {
      const definition = byCode.get(visit.code);
      if (!definition || definition.anchor !== anchor) continue;
      const anchorDay = days[anchor];
      // Its anchor has not happened under the new definition: left as planned until it does.
      if (!anchorDay) continue;
      await moveVisit(tx, ctx, visit, protocol, definition, anchorDay, reason);
    }
    const definitions = protocol.visits.filter((v) => isPlannable(v) && v.anchor === anchor);
    await addVisits(tx, ctx, participant, protocol.id, definitions, days, { onlyFrom: approvedOn, reason });
  }
}

async function moveVisit(
  tx: Kysely<DB>,
  ctx: RequestContext,
  visit: ParticipantVisitRow,
  protocol: ProtocolVersion,
  definition: ProtocolVersion['visits'][number],
  anchorDay: string,
  reason: string,
): Promise<void> {
  const window = planWindow(definition, anchorDay);
  const next = {
    protocol_version_id: protocol.id,
    protocol_visit_id: definition.id,
    name: definition.name,
    kind: definition.kind,
    sequence: definition.sequence,
    target_date: window.targetDate,
    window_start: window.windowStart,
    window_end: window.windowEnd,
  };
  const fieldNames: Record<keyof typeof next, string> = {
    protocol_version_id: 'protocolVersionId',
    protocol_visit_id: 'protocolVisitId',
    name: 'name',
    kind: 'kind',
    sequence: 'sequence',
    target_date: 'targetDate',
    window_start: 'windowStart',
    window_end: 'windowEnd',
  };
  const changes = (Object.keys(next) as (keyof typeof next)[])
    .filter((column) => visit[column] !== next[column])
    .map((column) => ({ field: fieldNames[column], old: visit[column], new: next[column] }));
  if (changes.length === 0) return;
  await unsafeUpdateVisit(tx, visit, next, ctx.now());
  await writeAuditEvent(tx, ctx, { entityType: 'participant_visit', entityId: visit.id, action: 'update', changes, reason });
}
