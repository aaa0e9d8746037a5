import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import { addDays, localDate, utcDate } from '../../platform/dates.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { enqueueAfterCommit } from '../../platform/jobs/outbox.js';
import { canAtStudySite, findStudySiteForParticipants, findVisibleParticipant } from '../participants/participant-access.repo.js';
import { missedVisitFollowUpJob } from './missed-visit-follow-up-job.js';
import { listVisitsPastWindow, unsafeLockScheduledVisit, unsafeUpdateVisit } from './visit.repo.js';
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
 * Only at the study-sites where the caller may write participant data (the system: everywhere);
 * naming another study-site answers 404/403.
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
  if (options.studySiteId) {
    const studySite = await findStudySiteForParticipants(db, ctx, options.studySiteId);
    if (!studySite) throw notFound('study-site');
    if (!canAtStudySite(ctx, 'participant.write', studySite)) throw forbidden();
  }
  const candidates = await listVisitsPastWindow(db, ctx, latestToday, options.studySiteId);
  const result: MissedVisitCheck = { missed: 0, deviationsCreated: 0 };
  for (const candidate of candidates) {
    const today = localDate(now, candidate.time_zone);
    if (!candidate.window_end || candidate.window_end >= today) continue;
    const outcome = await db.transaction().execute(async (tx) => {
      const visit = await unsafeLockScheduledVisit(tx, candidate.id);
      if (!visit) return { missed: 0, deviationsCreated: 0 };
      const visible = await findVisibleParticipant(tx, ctx, visit.participant_id);
      if (!visible) throw notFound('participant');
      await unsafeUpdateVisit(tx, visit, { status: 'missed' }, ctx.now());
      await auditVisitStatus(tx, ctx, visit, 'missed', `Its window closed on ${visit.window_end}.`);
      const deviationId = await recordMissedVisitDeviation(tx, ctx, { participant: visible.participant, visit }, today);
      // The site's team is told after this commits, once: never of a marking that rolled back.
      await enqueueAfterCommit(tx, missedVisitFollowUpJob, { visitId: visit.id });
      return { missed: 1, deviationsCreated: deviationId ? 1 : 0 };
    });
    result.missed += outcome.missed;
    result.deviationsCreated += outcome.deviationsCreated;
  }
  return result;
}
