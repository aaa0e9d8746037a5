import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import { utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { invalid, invalidField, notFound } from '../../platform/errors.js';
import { findVisiblePerson, isOnSiteStaff } from '../people/person.repo.js';
import { insertDelegationEntry } from './delegation.repo.js';
import { type CreateDelegationEntry, type DelegationEntry, normalizeTasks } from './delegation.schemas.js';
import { entryView, loadStudySiteForLog } from './delegation-entry-view.js';
import { listDelegationTasks } from './delegation-task.repo.js';

/** Task codes must come from the study's list; each unknown one is named by its index. */
export async function checkTaskCodes(tx: Kysely<DB>, ctx: RequestContext, studyId: string, codes: string[]): Promise<void> {
  const known = new Set((await listDelegationTasks(tx, ctx, studyId)).map((t) => t.code));
  const unknown = codes.flatMap((code, i) =>
    known.has(code) ? [] : [{ pointer: `/tasks/${i}`, detail: `"${code}" is not a task of this study's list.` }],
  );
  if (unknown.length) throw invalid(unknown, "Some tasks are not on the study's list.");
}

/** A new line of the site's delegation log: unsigned, so not yet valid, until the PI signs it. */
export async function createDelegationEntry(
  db: Kysely<DB>,
  ctx: RequestContext,
  ids: { studyId: string; studySiteId: string },
  { reason, ...input }: CreateDelegationEntry,
): Promise<DelegationEntry> {
  const entryId = await db.transaction().execute(async (tx) => {
    const studySite = await loadStudySiteForLog(tx, ctx, ids, 'delegation.write');
    if (!(await findVisiblePerson(tx, ctx, input.personId))) throw invalidField('/personId', 'No such person.');
    if (!(await isOnSiteStaff(tx, ctx, studySite.site_id, input.personId)))
      throw invalidField('/personId', "Not on this site's staff: add them to the staff first.");
    await checkTaskCodes(tx, ctx, studySite.study_id, input.tasks);
    const id = await insertDelegationEntry(tx, {
      study_site_id: studySite.id,
      person_id: input.personId,
      tasks: JSON.stringify(normalizeTasks(input.tasks)),
      start_date: input.startDate,
      end_date: input.endDate ?? null,
      // The request's clock, as its later updates and signatures use (never the database's).
      created_at: ctx.now(),
      updated_at: ctx.now(),
    });
    await writeAuditEvent(tx, ctx, {
      entityType: 'delegation_entry',
      entityId: id,
      action: 'create',
      changes: [
        { field: 'studySiteId', old: null, new: studySite.id },
        { field: 'personId', old: null, new: input.personId },
        { field: 'tasks', old: null, new: normalizeTasks(input.tasks) },
        { field: 'startDate', old: null, new: input.startDate },
        { field: 'endDate', old: null, new: input.endDate ?? null },
      ],
      reason,
    });
    return id;
  });
  const entry = await entryView(db, ctx, ids.studySiteId, entryId, utcDate(ctx.now()));
  if (!entry) throw notFound('delegation entry');
  return entry;
}
