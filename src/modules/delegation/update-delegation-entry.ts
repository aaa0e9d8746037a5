import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { utcDate } from '../../platform/dates.js';
import { toColumns } from '../../platform/db/columns.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { checkTaskCodes } from './create-delegation-entry.js';
import { findEntry } from './delegation.repo.js';
import { type DelegationEntry, normalizeTasks, type UpdateDelegationEntry } from './delegation.schemas.js';
import { entryView, loadStudySiteForLog } from './delegation-entry-view.js';

const plain = (row: { tasks: string[]; start_date: string; end_date: string | null }) => ({
  tasks: row.tasks,
  startDate: row.start_date,
  endDate: row.end_date,
});

/**
 * Changes tasks or dates. The PI's signature stays in the record but no longer matches the
 * entry (its content hash changes), so the entry is invalid until the PI signs it again.
 */
export async function updateDelegationEntry(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string; entryId: string },
  expectedVersion: number,
  { reason, ...input }: UpdateDelegationEntry,
): Promise<DelegationEntry> {
  await db.transaction().execute(async (tx) => {
    const studySite = await loadStudySiteForLog(tx, ctx, ids, 'delegation.write');
    const current = await findEntry(tx, ctx, studySite.id, ids.entryId);
    if (!current) throw notFound('delegation entry');
    if (current.version !== expectedVersion) throw preconditionFailed();
    if (input.tasks) await checkTaskCodes(tx, ctx, studySite.study_id, input.tasks);
    const startDate = input.startDate ?? current.start_date;
    const endDate = input.endDate === undefined ? current.end_date : input.endDate;
    if (endDate && endDate < startDate) throw invalidField('/endDate', 'The end cannot come before the start.');
    const columns = toColumns(
      { ...input, tasks: input.tasks && JSON.stringify(normalizeTasks(input.tasks)) },
      { tasks: 'tasks', startDate: 'start_date', endDate: 'end_date' },
    );
    await updateVersioned(tx, 'delegation_entries', current.id, expectedVersion, columns, ctx.now());
    const after = await findEntry(tx, ctx, studySite.id, ids.entryId);
    if (!after) throw notFound('delegation entry');
    await writeAuditEvent(tx, ctx, {
      entityType: 'delegation_entry',
      entityId: current.id,
      action: 'update',
      changes: diffChanges(plain(current), plain(after)),
      reason,
    });
  });
  const entry = await entryView(db, ctx, ids.studySiteId, ids.entryId, utcDate(ctx.now()));
  if (!entry) throw notFound('delegation entry');
  return entry;
}
