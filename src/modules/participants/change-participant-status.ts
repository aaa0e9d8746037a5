import type { Kysely } from 'kysely';
import type { FieldChange } from '../../platform/audit/audit-events.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { localDate } from '../../platform/dates.js';
import { inTransaction } from '../../platform/db/in-transaction.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.js';
import { cancelScheduledVisits } from '../visits/schedule.js';
import { loadParticipantPageAfterWrite } from './participant.repo.js';
import type { ParticipantPage, ParticipantStatus, StatusChange } from './participant.schemas.js';
import { canAtStudySite, findVisibleParticipant } from './participant-access.js';
import { lockParticipant, siteTimeZone } from './participant-rows.js';

/**
 * The statuses each change may leave from. Randomization (screening → enrolled) belongs to the
 * randomization module; screen failed, completed, withdrawn and lost to follow-up are final.
 */
const allowedFrom: Record<StatusChange['status'], ParticipantStatus[]> = {
  screen_failed: ['screening'],
  withdrawn: ['screening', 'enrolled', 'on_treatment', 'follow_up'],
  lost_to_follow_up: ['enrolled', 'on_treatment', 'follow_up'],
  completed: ['enrolled', 'on_treatment', 'follow_up'],
  on_treatment: ['enrolled'],
  follow_up: ['on_treatment'],
};

/** The columns a change sets, and which scheduled visits it cancels from its day. */
function effectsOf(change: StatusChange): { columns: Record<string, string>; cancel?: { from: string; kinds?: string[] } } {
  switch (change.status) {
    case 'screen_failed':
      return { columns: { screen_failed_on: change.on, screen_fail_reason: change.reason }, cancel: { from: change.on } };
    case 'withdrawn':
      return {
        columns: { withdrawn_on: change.on, withdrawal_scope: change.scope, withdrawal_reason: change.reason },
        // Withdrawn from treatment only: follow-up visits go on (ICH E9 intention to treat).
        cancel: { from: change.on, ...(change.scope === 'treatment' ? { kinds: ['treatment'] } : {}) },
      };
    case 'lost_to_follow_up':
      return { columns: { lost_on: change.on }, cancel: { from: change.on } };
    case 'completed':
      return { columns: { completed_on: change.on }, cancel: { from: change.on } };
    default:
      return { columns: {} };
  }
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Moves a participant to a new status (If-Match), with a reason, audited; impossible moves answer 409. */
export async function changeParticipantStatus(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  expectedVersion: number,
  change: StatusChange,
): Promise<ParticipantPage> {
  return db.transaction().execute(async (tx) => {
    await changeParticipantStatusWrite(tx, ctx, participantId, expectedVersion, change);
    return loadParticipantPageAfterWrite(tx, ctx, participantId);
  });
}

/**
 * The write of changeParticipantStatus without the page it answers with, for a caller with no use for it (the
 * demo seed replays hundreds): in the caller's transaction, or in its own.
 */
export async function changeParticipantStatusWrite(
  db: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  expectedVersion: number,
  change: StatusChange,
): Promise<void> {
  return inTransaction(db, async (tx) => {
    const visible = await findVisibleParticipant(tx, ctx, participantId);
    if (!visible) throw notFound('participant');
    if (!canAtStudySite(ctx, 'participant.write', visible.studySite)) throw forbidden();
    const participant = await lockParticipant(tx, participantId);
    const from = participant.status as ParticipantStatus;
    if (!allowedFrom[change.status].includes(from)) {
      const detail = `Cannot move a participant who is ${from.replaceAll('_', ' ')} to ${change.status.replaceAll('_', ' ')}.`;
      throw conflict(detail, [{ pointer: '/status', detail: `Current status: ${from}.` }]);
    }
    if ('on' in change) {
      const today = localDate(ctx.now(), await siteTimeZone(tx, participant.study_site_id));
      if (change.on > today) throw invalidField('/on', `Cannot be in the future (today at the site is ${today}).`);
      if (change.on < participant.screened_on) {
        throw invalidField('/on', `Cannot be before the participant was screened (${participant.screened_on}).`);
      }
    }
    const { columns, cancel } = effectsOf(change);
    await updateVersioned(tx, 'participants', participantId, expectedVersion, { status: change.status, ...columns }, ctx.now());
    const changes: FieldChange[] = [
      { field: 'status', old: from, new: change.status },
      ...Object.entries(columns).map(([column, value]) => ({
        field: camel(column),
        old: (participant as Record<string, unknown>)[column] ?? null,
        new: value,
      })),
    ];
    await writeAuditEvent(tx, ctx, {
      entityType: 'participant',
      entityId: participantId,
      action: 'status_change',
      changes,
      reason: change.reason,
    });
    if (cancel) await cancelScheduledVisits(tx, ctx, participantId, { ...cancel, reason: change.reason ?? undefined });
  });
}
