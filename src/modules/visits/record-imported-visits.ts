import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../../platform/audit/audit-events.js';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import type { ProtocolVersion } from '../protocols/protocol.schemas.js';
import type { NewVisit } from './add-visits.js';
import { planSchedule } from './schedule.js';
import { type ImportedVisitValues, insertImportedVisits } from './visit.repo.js';
import { scheduleCreatedEntry } from './visit-audit.js';

/** A visit as another system had it: done or missed (participant-import). */
export interface ImportedVisitOutcome {
  code: string;
  status: 'completed' | 'missed';
  actualDate?: string | null;
  notes?: string | null;
  reason: string;
}

/** A participant's schedule as the import writes it, with the protocol versions in force on their anchor days. */
export interface ImportedSchedule {
  participant: Pick<ParticipantRow, 'id' | 'study_site_id' | 'consented_on' | 'enrolled_on' | 'baseline_on'>;
  /** In force on the consent day, when the participant consented (else no visit is planned from consent). */
  protocolAtConsent?: ProtocolVersion;
  /** In force on the randomization day, when the participant was randomized. */
  protocolAtRandomization?: ProtocolVersion;
  outcomes: ImportedVisitOutcome[];
  /** A participant who left the study keeps no scheduled visits from that day (of those kinds, when given). */
  cancellation?: { from: string; kinds?: string[]; reason: string };
  /** The schedule's audit entry's reason; a visit whose own reason differs keeps it beside its values. */
  importReason: string;
}

/** What one participant's imported schedule writes; `unplanned` are outcomes of visits the plan does not hold. */
export interface ImportedVisits {
  visits: ImportedVisitValues[];
  audit: AuditEntry[];
  recorded: number;
  unplanned: ImportedVisitOutcome[];
}

/**
 * Plans the visits screening and randomization would have planned (planSchedule, consent then
 * randomization), then marks the visits the other system had done or missed and cancels those a
 * participant who left no longer has: as generateSchedule, recordImportedVisitOutcome and
 * cancelScheduledVisits did one by one, without the database. Each visit is written once, in
 * its final state, and the participant's schedule has one audit entry (ADR 0016) that holds
 * every visit in that state, with the reason of each that is not simply scheduled: not a
 * creation and a status change that never happened apart.
 */
export function planImportedVisits(ctx: RequestContext, schedule: ImportedSchedule, now: Date): ImportedVisits {
  const { participant } = schedule;
  let planned: NewVisit[] = [];
  if (participant.consented_on && schedule.protocolAtConsent)
    planned = planSchedule(participant, schedule.protocolAtConsent, 'consent', []);
  if (participant.enrolled_on && schedule.protocolAtRandomization) {
    const sofar = planned.map((v) => ({ ...v, status: 'scheduled', actual_date: null }));
    planned = [...planned, ...planSchedule(participant, schedule.protocolAtRandomization, 'randomization', sofar)];
  }
  const visits: ImportedVisitValues[] = planned.map((v) => ({
    id: randomUUID(),
    ...v,
    status: 'scheduled',
    actual_date: null,
    notes: null,
    completed_at: null,
    completed_by_user_id: null,
    // Inserted once, in its final state: the first version (the table's defaults).
    version: null,
    updated_at: null,
  }));
  const byCode = new Map(visits.map((v) => [v.code, v]));
  // Why each visit the file reports (or the participant's leaving cancels) is not simply scheduled.
  const reasonOf = new Map<ImportedVisitValues, string>();
  const unplanned: ImportedVisitOutcome[] = [];
  let recorded = 0;
  for (const outcome of schedule.outcomes) {
    const visit = byCode.get(outcome.code);
    if (!visit) {
      unplanned.push(outcome);
      continue;
    }
    const completed = outcome.status === 'completed';
    visit.status = outcome.status;
    visit.actual_date = outcome.actualDate ?? null;
    visit.notes = outcome.notes ?? null;
    visit.completed_at = completed ? now : null;
    visit.completed_by_user_id = completed ? actorUserId(ctx.actor) : null;
    reasonOf.set(visit, outcome.reason);
    recorded += 1;
  }
  const cancellation = schedule.cancellation;
  if (cancellation && (!cancellation.kinds || cancellation.kinds.length > 0)) {
    for (const visit of visits) {
      if (visit.status !== 'scheduled' || visit.target_date < cancellation.from) continue;
      if (cancellation.kinds && !cancellation.kinds.includes(visit.kind)) continue;
      visit.status = 'cancelled';
      reasonOf.set(visit, cancellation.reason);
    }
  }
  // One entry for the whole schedule (ADR 0016): each visit in its final state, as it is
  // inserted, with why it is not just scheduled.
  const audit =
    visits.length === 0
      ? []
      : [scheduleCreatedEntry(participant.id, visits, schedule.importReason, (visit) => reasonOf.get(visit as ImportedVisitValues))];
  return { visits, audit, recorded, unplanned };
}

/**
 * Writes planned imported visits, set-based, in the import's transaction. Their audit entries
 * (`audit` of each) are the import's to write in the same transaction, at its end.
 */
export async function writeImportedVisits(tx: Kysely<DB>, planned: Pick<ImportedVisits, 'visits'>[]): Promise<void> {
  await insertImportedVisits(
    tx,
    planned.flatMap((p) => p.visits),
  );
}
