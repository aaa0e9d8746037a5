import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { conflict, notFound } from '../../platform/errors.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import { templateAuditIgnore } from './add-milestone-template.js';
import { insertTemplateRows, listTemplateRows, toMilestoneTemplate } from './milestone.repo.js';
import type { MilestoneTemplate } from './milestone.schemas.js';

/**
 * The default start-up template. The typical durations are placeholders of the order that
 * start-up timelines commonly run (contract and ethics in parallel after selection, about
 * four months from selection to activation in all): defaults for a study to edit to its own
 * countries and sponsor, not a benchmark. Each counts from the latest of its dependencies.
 */
export const defaultMilestones = [
  { code: 'cda_signed', name: 'CDA signed', days: 14, required: false, dependsOn: [] },
  { code: 'feasibility_complete', name: 'Feasibility complete', days: 21, required: false, dependsOn: ['cda_signed'] },
  { code: 'site_selected', name: 'Site selected', days: 14, required: true, dependsOn: ['feasibility_complete'] },
  { code: 'budget_agreed', name: 'Budget agreed', days: 45, required: false, dependsOn: ['site_selected'] },
  { code: 'contract_executed', name: 'Contract (CTA) executed', days: 30, required: true, dependsOn: ['budget_agreed'] },
  { code: 'irb_approval', name: 'Ethics / IRB approval', days: 60, required: true, dependsOn: ['site_selected'] },
  {
    code: 'essential_documents_complete',
    name: 'Essential documents complete',
    days: 14,
    required: true,
    dependsOn: ['irb_approval', 'contract_executed'],
  },
  { code: 'site_initiation_visit', name: 'Site initiation visit', days: 14, required: true, dependsOn: ['essential_documents_complete'] },
  // Recorded when the site goes live; the status change to active is what the gate guards.
  { code: 'activation', name: 'Activation (greenlight)', days: 7, required: false, dependsOn: ['site_initiation_visit'] },
] as const;

export async function addDefaultMilestones(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  reason?: string | null,
): Promise<MilestoneTemplate[]> {
  return db.transaction().execute(async (tx) => {
    const study = await findVisibleStudy(tx, ctx, studyId);
    if (!study) throw notFound('study');
    assertCan(ctx, 'milestoneTemplate.write', studyScope(study));
    if ((await listTemplateRows(tx, ctx, studyId)).length > 0) {
      throw conflict('The study has milestones already: add or change them one by one.');
    }
    const rows = await insertTemplateRows(
      tx,
      defaultMilestones.map((m, index) => ({
        study_id: studyId,
        code: m.code,
        name: m.name,
        sequence: (index + 1) * 10,
        required_for_activation: m.required,
        typical_duration_days: m.days,
        depends_on: [...m.dependsOn],
      })),
    );
    const created = rows.map(toMilestoneTemplate).sort((a, b) => a.sequence - b.sequence);
    for (const template of created) {
      await writeAuditEvent(tx, ctx, {
        entityType: 'milestone_template',
        entityId: template.id,
        action: 'create',
        changes: diffChanges(null, template, templateAuditIgnore),
        reason: reason ?? 'Default start-up template',
      });
    }
    return created;
  });
}
