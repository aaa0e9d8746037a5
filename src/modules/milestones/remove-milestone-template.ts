import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import { templateAuditIgnore } from './add-milestone-template.js';
import { deleteTemplateRow, findTemplateRow, listDependentCodes, toMilestoneTemplate } from './milestone.repo.js';

/**
 * Takes a milestone out of the study's template, with the dates recorded against it at every
 * site: 21 CFR 11.10(e) wants each removed value and the reason in the trail, so every site's
 * record of dates gets its own delete row.
 */
export async function removeMilestoneTemplate(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  id: string,
  expectedVersion: number,
  reason: string,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const study = await findVisibleStudy(tx, ctx, studyId);
    const current = study ? await findTemplateRow(tx, ctx, studyId, id) : undefined;
    if (!study || !current) throw notFound('milestone');
    assertCan(ctx, 'milestoneTemplate.write', studyScope(study));
    if (current.version !== expectedVersion) throw preconditionFailed();
    const dependents = await listDependentCodes(tx, ctx, studyId, current.code);
    if (dependents.length > 0) {
      const codes = dependents.join(', ');
      throw conflict(`Other milestones depend on "${current.code}": ${codes}. Change their dependencies first.`);
    }
    const records = await deleteTemplateRow(tx, current);
    for (const record of records) {
      await writeAuditEvent(tx, ctx, {
        entityType: 'study_site_milestone',
        entityId: record.id,
        action: 'delete',
        changes: [
          { field: 'code', old: current.code, new: null },
          { field: 'plannedDate', old: record.planned_date, new: null },
          { field: 'actualDate', old: record.actual_date, new: null },
          { field: 'note', old: record.note, new: null },
        ],
        reason,
      });
    }
    await writeAuditEvent(tx, ctx, {
      entityType: 'milestone_template',
      entityId: id,
      action: 'delete',
      changes: diffChanges(toMilestoneTemplate(current), null, templateAuditIgnore),
      reason,
    });
  });
}
