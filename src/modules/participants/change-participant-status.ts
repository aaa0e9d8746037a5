import type { Kysely } from 'kysely';
import type { FieldChange } from '../../platform/audit/audit-events.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { inTransaction } from '../../platform/db/in-transaction.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { forbidden, invalidField, notFound } from '../../platform/errors.js';
import { studySiteToday } from '../study-sites/study-site.repo.js';
import { loadParticipantPageAfterWrite } from './participant.repo.js';
import type { ParticipantPage, ParticipantStatus, StatusChange } from './participant.schemas.js';
import { canAtStudySite, lockParticipant } from './participant-access.repo.js';
import { assertStatusChangeAllowed, effectsOf } from './participant-status.js';
import { visitSchedule } from './visit-schedule-port.js';

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
    const visible = await lockParticipant(tx, ctx, participantId);
    if (!visible) throw notFound('participant');
    if (!canAtStudySite(ctx, 'participant.write', visible.studySite)) throw forbidden();
    const { participant } = visible;
    const from = participant.status as ParticipantStatus;
    assertStatusChangeAllowed(from, change.status);
    if ('on' in change) {
      const today = studySiteToday(visible.studySite, ctx.now());
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
    if (cancel) await visitSchedule().cancelScheduledVisits(tx, ctx, participantId, { ...cancel, reason: change.reason ?? undefined });
  });
}
