import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { measureCycleTimes } from './cycle-times.repo.js';
import type { CycleTimes, CycleTimesQuery } from './milestone.schemas.js';

/**
 * Start-up cycle time: days from the site_selected actual date to the activation actual date
 * (or the study-site's activation date when that milestone has none), over study-sites that
 * were activated, grouped in one aggregate query over what the caller may see.
 */
export async function cycleTimes(db: Kysely<DB>, ctx: RequestContext, query: CycleTimesQuery & { studyId?: string }): Promise<CycleTimes> {
  if (query.studyId && !(await findVisibleStudy(db, ctx, query.studyId))) throw notFound('study');
  const rows = await measureCycleTimes(db, ctx, query);
  return {
    groupBy: query.groupBy,
    description:
      'Days from the day a site was selected (its "Site selected" milestone) to the day it was activated, over activated sites only.',
    groups: rows.map((row) => ({
      key: row.key,
      label: row.label,
      count: Number(row.count),
      medianDays: Number(row.median),
      meanDays: Math.round(Number(row.mean) * 10) / 10,
      minDays: Number(row.min),
      maxDays: Number(row.max),
    })),
  };
}
