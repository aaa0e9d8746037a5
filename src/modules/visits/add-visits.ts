import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import { insertVisit, plannedVisitCodes } from './visit.repo.js';
import { auditVisitCreated } from './visit-audit.js';
import { type AnchorDays, isPlannable, planWindow, type VisitDefinition } from './visit-plan.js';

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
  const have = await plannedVisitCodes(tx, participant.id);
  const added: string[] = [];
  for (const definition of definitions) {
    if (!isPlannable(definition) || have.has(definition.code)) continue;
    const anchorDay = days[definition.anchor];
    if (!anchorDay) continue;
    const window = planWindow(definition, anchorDay);
    if (options.onlyFrom && window.targetDate < options.onlyFrom) continue;
    if (options.windowOpenOn && window.windowEnd < options.windowOpenOn) continue;
    const visit = await insertVisit(tx, {
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
    });
    await auditVisitCreated(tx, ctx, visit, options.reason);
    have.add(definition.code);
    added.push(definition.code);
  }
  return added;
}
