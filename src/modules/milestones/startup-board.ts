import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { listRecordRows, listTemplateRows, listVisibleStudySitesForPlan, planFor } from './milestone.repo.js';
import type { StartupBoard } from './milestone.schemas.js';

/**
 * Sites × milestones of one study, for what the caller may see. Three set-wise reads (the
 * template, the visible study-sites, all their dates) whatever the number of sites; the
 * statuses and projections are computed in memory from them.
 */
export async function startupBoard(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<StartupBoard> {
  if (!(await findVisibleStudy(db, ctx, studyId))) throw notFound('study');
  const templates = await listTemplateRows(db, ctx, studyId);
  const sites = await listVisibleStudySitesForPlan(db, ctx, studyId, 'milestone.read');
  const records = await listRecordRows(
    db,
    ctx,
    sites.map((s) => s.id),
  );
  const now = ctx.now();
  const lateByTemplate = new Map<string, number>();
  const rows = sites.map((site) => {
    // A closed site will not activate: nothing of it is late, projected or still required (milestone-plan.ts).
    const plan = planFor(site, templates, records, now);
    for (const item of plan.items) {
      if (item.status === 'late') lateByTemplate.set(item.templateId, (lateByTemplate.get(item.templateId) ?? 0) + 1);
    }
    return {
      studySiteId: site.id,
      siteId: site.site_id,
      siteNumber: site.site_number,
      siteName: site.site_name,
      country: site.country,
      status: site.status as StartupBoard['rows'][number]['status'],
      activationDate: site.activation_date,
      projectedActivationDate: plan.projectedActivationDate,
      lateCount: plan.lateCount,
      openRequiredForActivation: plan.openRequired,
      cells: plan.items.map((item) => ({
        milestoneId: item.templateId,
        code: item.code,
        plannedDate: item.plannedDate,
        actualDate: item.actualDate,
        status: item.status,
        projectedDate: item.projectedDate,
      })),
    };
  });
  return {
    studyId,
    asOf: utcDate(now),
    milestones: templates.map((t) => ({
      id: t.id,
      code: t.code,
      name: t.name,
      sequence: t.sequence,
      requiredForActivation: t.required_for_activation,
      lateCount: lateByTemplate.get(t.id) ?? 0,
    })),
    rows,
    lateCount: rows.reduce((sum, row) => sum + row.lateCount, 0),
  };
}
