import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import { templateAuditIgnore } from './add-milestone-template.js';
import { checkDependencies } from './check-dependencies.js';
import { findTemplateRow, listTemplateRows, milestoneTemplateColumns, toMilestoneTemplate } from './milestone.repo.js';
import type { MilestoneTemplate, UpdateMilestoneTemplate } from './milestone.schemas.js';

export async function updateMilestoneTemplate(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  id: string,
  expectedVersion: number,
  { reason, ...input }: UpdateMilestoneTemplate,
): Promise<MilestoneTemplate> {
  return db.transaction().execute(async (tx) => {
    const study = await findVisibleStudy(tx, ctx, studyId);
    const current = study ? await findTemplateRow(tx, ctx, studyId, id) : undefined;
    if (!study || !current) throw notFound('milestone');
    assertCan(ctx, 'milestoneTemplate.write', studyScope(study));
    if (current.version !== expectedVersion) throw preconditionFailed();
    if (input.dependsOn) {
      const template = (await listTemplateRows(tx, ctx, studyId)).map((row) => ({ code: row.code, dependsOn: row.depends_on }));
      input.dependsOn = checkDependencies(template, { code: current.code, dependsOn: input.dependsOn });
    }
    await updateVersioned(tx, 'milestone_templates', id, expectedVersion, toColumns(input, milestoneTemplateColumns), ctx.now());
    const row = await findTemplateRow(tx, ctx, studyId, id);
    if (!row) throw notFound('milestone');
    const after = toMilestoneTemplate(row);
    await writeAuditEvent(tx, ctx, {
      entityType: 'milestone_template',
      entityId: id,
      action: 'update',
      changes: diffChanges(toMilestoneTemplate(current), after, templateAuditIgnore),
      reason,
    });
    return after;
  });
}
