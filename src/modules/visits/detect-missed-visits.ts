import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { addDays, localDate, utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { enqueueAfterCommit } from '../../platform/jobs/outbox.js';
import { missedVisitFollowUpJob } from './missed-visit-follow-up-job.js';
import { auditVisitStatus } from './visit-audit.js';
import { recordMissedVisitDeviation } from './visit-deviations.js';

export interface MissedVisitCheck {
  missed: number;
  deviationsCreated: number;
}

/**
 * Marks 'missed' each scheduled visit whose window closed before today at its site, with a
 * 'missed_visit' deviation. Safe to run as often as wanted: a visit is marked once, and the
 * deviation's unique index answers a second finding with nothing. Each visit commits on its
 * own, so one failure does not hold back the others; the site's team is told after each commit.
 */
export async function detectMissedVisits(
  db: Kysely<DB>,
  ctx: RequestContext,
  now: Date,
  options: { studySiteId?: string } = {},
): Promise<MissedVisitCheck> {
  // No place on earth is more than a day ahead of UTC: this bound lets the partial index
  // participant_visits_open_window_idx find the candidates; each site's own today decides.
  const latestToday = addDays(utcDate(now), 1);
  let query = db
    .selectFrom('participant_visits as v')
    .innerJoin('study_sites as ss', 'ss.id', 'v.study_site_id')
    .innerJoin('sites as s', 's.id', 'ss.site_id')
    .select(['v.id', 'v.window_end', 's.time_zone'])
    .where('v.status', '=', 'scheduled')
    .where('v.window_end', '<', latestToday);
  if (options.studySiteId) query = query.where('v.study_site_id', '=', options.studySiteId);
  const candidates = await query.orderBy('v.window_end').orderBy('v.id').execute();
  const result: MissedVisitCheck = { missed: 0, deviationsCreated: 0 };
  for (const candidate of candidates) {
    const today = localDate(now, candidate.time_zone);
    if (!candidate.window_end || candidate.window_end >= today) continue;
    const outcome = await db.transaction().execute(async (tx) => {
      const visit = await tx
        .selectFrom('participant_visits')
        .selectAll()
        .where('id', '=', candidate.id)
        .where('status', '=', 'scheduled')
        .forUpdate()
        .executeTakeFirst();
      if (!visit) return { missed: 0, deviationsCreated: 0 };
      const participant = await tx
        .selectFrom('participants')
        .select(['id', 'study_id'])
        .where('id', '=', visit.participant_id)
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('participant_visits')
        .set({ status: 'missed', version: visit.version + 1, updated_at: ctx.now() })
        .where('id', '=', visit.id)
        .execute();
      await auditVisitStatus(tx, ctx, visit, 'missed', `Its window closed on ${visit.window_end}.`);
      const deviationId = await recordMissedVisitDeviation(tx, ctx, { participant, visit }, today);
      // The site's team is told after this commits, once: never of a marking that rolled back.
      await enqueueAfterCommit(tx, missedVisitFollowUpJob, { visitId: visit.id });
      return { missed: 1, deviationsCreated: deviationId ? 1 : 0 };
    });
    result.missed += outcome.missed;
    result.deviationsCreated += outcome.deviationsCreated;
  }
  return result;
}
