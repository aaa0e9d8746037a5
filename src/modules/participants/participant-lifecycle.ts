import type { Kysely } from 'kysely';
import type { FieldChange } from '../../platform/audit/audit-events.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow } from '../../platform/db/schema-participants.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { notFound } from '../../platform/errors.js';
import { findVisibleParticipant, type VisibleParticipant } from './participant-access.repo.js';
import { assertReadyForRandomization, statusAfterVisit } from './participant-status.js';
import { visitSchedule } from './visit-schedule-port.js';

/**
 * The status moves other modules cause, written by this module, the participants table's one
 * writer: randomization enrolls, completed visits move the participant on. Each runs in the
 * caller's transaction on a participant the caller locked (lockParticipant).
 */

/** Screening → enrolled, with the randomization number and strata; the allocation itself is randomization's. */
export async function enrollParticipant(
  tx: Kysely<DB>,
  ctx: RequestContext,
  { participant, studySite }: VisibleParticipant,
  enrollment: { enrolledOn: string; randomizationNumber: string; strata: Record<string, string>; reason?: string | null },
): Promise<VisibleParticipant> {
  assertReadyForRandomization(participant);
  const { enrolledOn, randomizationNumber, strata } = enrollment;
  await updateVersioned(
    tx,
    'participants',
    participant.id,
    participant.version,
    { status: 'enrolled', enrolled_on: enrolledOn, randomization_number: randomizationNumber, strata: JSON.stringify(strata) },
    ctx.now(),
  );
  // The participant's history is read by blinded roles: it carries no arm.
  await writeAuditEvent(tx, ctx, {
    entityType: 'participant',
    entityId: participant.id,
    action: 'status_change',
    changes: [
      { field: 'status', old: participant.status, new: 'enrolled' },
      { field: 'enrolledOn', old: participant.enrolled_on, new: enrolledOn },
      { field: 'randomizationNumber', old: participant.randomization_number, new: randomizationNumber },
      { field: 'strata', old: participant.strata, new: strata },
    ],
    reason: enrollment.reason,
  });
  const after = await findVisibleParticipant(tx, ctx, participant.id);
  if (!after) throw notFound('participant');
  return { participant: after.participant, studySite };
}

/**
 * What a completed visit does to its participant: the baseline visit fixes the baseline day;
 * treatment, follow-up and end-of-study visits move the status forward, and the end of study
 * cancels the visits still ahead. Audited as participant changes. Returns the baseline day when
 * this visit set it, so that the visits counted from it are re-planned.
 */
export async function advanceAfterVisit(
  tx: Kysely<DB>,
  ctx: RequestContext,
  participant: ParticipantRow,
  visit: { kind: string; code: string; actualDate: string },
): Promise<{ baselineOn?: string }> {
  const { actualDate } = visit;
  const changes: FieldChange[] = [];
  const columns: Partial<Pick<ParticipantRow, 'baseline_on' | 'status' | 'completed_on'>> = {};
  if (visit.kind === 'baseline' && !participant.baseline_on) {
    columns.baseline_on = actualDate;
    changes.push({ field: 'baselineOn', old: null, new: actualDate });
  }
  const next = statusAfterVisit(participant.status, visit.kind);
  if (next) {
    columns.status = next;
    changes.push({ field: 'status', old: participant.status, new: next });
    if (next === 'completed') {
      columns.completed_on = actualDate;
      changes.push({ field: 'completedOn', old: participant.completed_on, new: actualDate });
    }
  }
  if (changes.length === 0) return {};
  await updateVersioned(tx, 'participants', participant.id, participant.version, columns, ctx.now());
  await writeAuditEvent(tx, ctx, {
    entityType: 'participant',
    entityId: participant.id,
    action: next ? 'status_change' : 'update',
    changes,
    reason: `Visit ${visit.code} completed on ${actualDate}.`,
  });
  if (next === 'completed') {
    await visitSchedule().cancelScheduledVisits(tx, ctx, participant.id, { from: actualDate, reason: `End of study on ${actualDate}.` });
  }
  return columns.baseline_on ? { baselineOn: columns.baseline_on } : {};
}
