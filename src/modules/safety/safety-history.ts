import type { Kysely } from 'kysely';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import { findVisibleEventRow } from './adverse-event.repo.js';
import { findClockRow, findVersionReportId, findVisibleReportRow } from './sae-report.repo.js';

type Reader = (db: Kysely<DB>, ctx: RequestContext, id: string) => Promise<boolean>;

/** Whoever reads an event or report reads its history; a version's and a clock's follow their report's. */
export const safetyHistoryReaders = {
  adverse_event: (async (db, ctx, id) => Boolean(await findVisibleEventRow(db, ctx, id))) as Reader,
  sae_report: (async (db, ctx, id) => Boolean(await findVisibleReportRow(db, ctx, id))) as Reader,
  sae_report_version: (async (db, ctx, id) => {
    const reportId = await findVersionReportId(db, id);
    return Boolean(reportId && (await findVisibleReportRow(db, ctx, reportId)));
  }) as Reader,
  sae_regulatory_clock: (async (db, ctx, id) => {
    const clock = await findClockRow(db, id);
    return Boolean(clock && (await findVisibleReportRow(db, ctx, clock.report_id)));
  }) as Reader,
  safety_study_settings: (async (db, ctx, studyId) => {
    const study = await findVisibleStudy(db, ctx, studyId);
    return Boolean(study && can(ctx.actor, 'ae.read', studyScope(study)));
  }) as Reader,
};
