import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import { checkDependencies } from './check-dependencies.js';
import { insertTemplateRows, listTemplateRows, toMilestoneTemplate } from './milestone.repo.js';
import type { CreateMilestoneTemplate, MilestoneTemplate } from './milestone.schemas.js';

export const templateAuditIgnore = ['id', 'version', 'createdAt', 'updatedAt'];
export const templateUniqueFields = {
  milestone_templates_study_id_code_key: { pointer: '/code', detail: 'The study has a milestone with this code already.' },
};

/** Adds one milestone to a study's start-up template. */
export async function addMilestoneTemplate(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  { reason, ...input }: CreateMilestoneTemplate,
): Promise<MilestoneTemplate> {
  try {
    return await db.transaction().execute(async (tx) => {
      const study = await findVisibleStudy(tx, ctx, studyId);
      if (!study) throw notFound('study');
      assertCan(ctx, 'milestoneTemplate.write', studyScope(study));
      const template = (await listTemplateRows(tx, ctx, studyId)).map((row) => ({
        code: row.code,
        dependsOn: row.depends_on,
        sequence: row.sequence,
      }));
      const dependsOn = checkDependencies(template, { code: input.code, dependsOn: input.dependsOn });
      const sequence = input.sequence ?? Math.max(0, ...template.map((t) => t.sequence)) + 10;
      const [row] = await insertTemplateRows(tx, [
        {
          study_id: studyId,
          code: input.code,
          name: input.name,
          sequence,
          required_for_activation: input.requiredForActivation,
          typical_duration_days: input.typicalDurationDays,
          depends_on: dependsOn,
        },
      ]);
      if (!row) throw notFound('milestone');
      const id = row.id;
      const created = toMilestoneTemplate(row);
      await writeAuditEvent(tx, ctx, {
        entityType: 'milestone_template',
        entityId: id,
        action: 'create',
        changes: diffChanges(null, created, templateAuditIgnore),
        reason,
      });
      return created;
    });
  } catch (error) {
    rethrowUniqueViolation(error, templateUniqueFields);
  }
}
