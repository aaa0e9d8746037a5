import { type Kysely, sql } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { inVisibleStudySite } from '../study-sites/study-site.repo.js';
import type { SiteDay } from '../study-sites/work-rows.js';

export interface LateMilestoneRow {
  study_site_id: string;
  code: string;
  name: string;
  planned_date: string;
}

/**
 * Milestones of these study-sites that are late as the start-up board judges them
 * (milestone-plan.ts): a planned date before the site's today and no actual date. Read by the
 * unique (study_site_id, template_id) index, a dozen rows per study-site at most.
 */
export async function listLateMilestones(db: Kysely<DB>, ctx: RequestContext, sites: SiteDay[]): Promise<LateMilestoneRow[]> {
  if (sites.length === 0) return [];
  const result = await sql<LateMilestoneRow>`select m.study_site_id, t.code, t.name, m.planned_date
    from (select * from unnest(${sites.map((s) => s.studySiteId)}::uuid[], ${sites.map((s) => s.today)}::date[])) as sd(study_site_id, today)
    join study_site_milestones m on m.study_site_id = sd.study_site_id
    join milestone_templates t on t.id = m.template_id
    where m.actual_date is null and m.planned_date < sd.today
      and ${inVisibleStudySite(ctx, 'm.study_site_id', 'milestone.read')}
    order by m.planned_date, t.sequence, m.study_site_id`.execute(db);
  return result.rows;
}
