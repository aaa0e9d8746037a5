import { type Kysely, sql } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import { visibleStudySites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { CycleTimesQuery } from './milestone.schemas.js';
import { activationCode, selectionCode } from './milestone-plan.js';

const groupKeys = {
  site: { key: sql<string>`sites.id::text`, label: sql<string>`sites.name` },
  country: { key: sql<string>`sites.country`, label: sql<string>`sites.country` },
  study: { key: sql<string>`studies.id::text`, label: sql<string>`studies.short_name` },
};

/**
 * Days from the site_selected actual date to activation per group, over the activated
 * study-sites the caller may read milestones of: one aggregate query.
 */
export async function measureCycleTimes(db: Kysely<DB>, ctx: RequestContext, query: CycleTimesQuery & { studyId?: string }) {
  const group = groupKeys[query.groupBy];
  const activatedOn = sql<string>`coalesce(sact.actual_date, study_sites.activation_date)`;
  let measured = db
    .selectFrom('study_sites')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .innerJoin('milestone_templates as sel', (join) =>
      join.onRef('sel.study_id', '=', 'study_sites.study_id').on('sel.code', '=', selectionCode),
    )
    .innerJoin('study_site_milestones as ssel', (join) =>
      join.onRef('ssel.template_id', '=', 'sel.id').onRef('ssel.study_site_id', '=', 'study_sites.id'),
    )
    .leftJoin('milestone_templates as act', (join) =>
      join.onRef('act.study_id', '=', 'study_sites.study_id').on('act.code', '=', activationCode),
    )
    .leftJoin('study_site_milestones as sact', (join) =>
      join.onRef('sact.template_id', '=', 'act.id').onRef('sact.study_site_id', '=', 'study_sites.id'),
    )
    .select([group.key.as('key'), group.label.as('label'), sql<number>`${activatedOn} - ssel.actual_date`.as('days')])
    .where(visibleStudySites(scopeIds(ctx.actor, 'milestone.read')))
    .where('study_sites.status', 'in', ['active', 'enrollment_closed', 'closed'])
    .where('ssel.actual_date', 'is not', null)
    .where(sql<boolean>`${activatedOn} is not null`);
  if (query.studyId) measured = measured.where('study_sites.study_id', '=', query.studyId);
  if (query.country) measured = measured.where('sites.country', '=', query.country);
  return db
    .with('measured', () => measured)
    .selectFrom('measured')
    .select([
      'key',
      'label',
      sql<string>`count(*)`.as('count'),
      sql<number>`percentile_cont(0.5) within group (order by days)`.as('median'),
      sql<number>`avg(days)::float8`.as('mean'),
      sql<number>`min(days)`.as('min'),
      sql<number>`max(days)`.as('max'),
    ])
    .groupBy(['key', 'label'])
    .orderBy('label')
    .orderBy('key')
    .execute();
}
