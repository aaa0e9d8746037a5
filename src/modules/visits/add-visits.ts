import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import { insertVisits, plannedVisitCodes } from './visit.repo.js';
import { auditScheduleCreated } from './visit-audit.js';
import { type AnchorDays, isPlannable, planWindow, type VisitDefinition } from './visit-plan.js';

/** A visit planned from its definition, as it is inserted. */
export interface NewVisit {
  participant_id: string;
  study_site_id: string;
  protocol_version_id: string;
  protocol_visit_id: string;
  code: string;
  name: string;
  kind: string;
  sequence: number;
  target_date: string;
  window_start: string;
  window_end: string;
}

export interface AddVisitsOptions {
  /** Skips the visits whose target date is before it. */
  onlyFrom?: string;
  /** Skips the visits whose window closed before it. */
  windowOpenOn?: string;
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
  options: AddVisitsOptions & { reason?: string } = {},
): Promise<string[]> {
  const have = await plannedVisitCodes(tx, participant.id);
  const planned = planNewVisits(participant, protocolVersionId, definitions, days, have, options);
  const visits = await insertVisits(
    tx,
    planned.map((values) => ({ ...values, created_at: ctx.now(), updated_at: ctx.now() })),
  );
  // The visits a re-plan adds are one act: one audit entry holding each of them (ADR 0016).
  await auditScheduleCreated(tx, ctx, participant.id, visits, options.reason);
  return planned.map((v) => v.code);
}

/** The visits addVisits adds, planned without the database; `have` gains their codes. */
export function planNewVisits(
  participant: Pick<ParticipantRow, 'id' | 'study_site_id'>,
  protocolVersionId: string,
  definitions: VisitDefinition[],
  days: AnchorDays,
  have: Set<string>,
  options: AddVisitsOptions = {},
): NewVisit[] {
  const planned: NewVisit[] = [];
  for (const definition of definitions) {
    if (!isPlannable(definition) || have.has(definition.code)) continue;
    const anchorDay = days[definition.anchor];
    if (!anchorDay) continue;
    const window = planWindow(definition, anchorDay);
    if (options.onlyFrom && window.targetDate < options.onlyFrom) continue;
    if (options.windowOpenOn && window.windowEnd < options.windowOpenOn) continue;
    planned.push({
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
    have.add(definition.code);
  }
  return planned;
}
