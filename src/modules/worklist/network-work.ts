import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { listUnsignedDelegationEntries } from '../delegation/delegation-work.repo.js';
import { totalsOfStudySites } from '../enrollment/enrollment.repo.js';
import { listLateMilestones } from '../milestones/milestone-work.repo.js';
import { listEligibilityAwaitingConfirmation, listOpenReconsentTasks } from '../participants/participant-work.repo.js';
import type { StudySite } from '../study-sites/study-site.schemas.js';
import { unsafeUserNames } from '../users/grant-holders.repo.js';
import { countWeekVisitsByCoordinator, listOpenDeviations, listVisitWork } from '../visits/visit-work.repo.js';
import type { StudySiteSet } from './site-work.js';
import type { MyWork } from './worklist.schemas.js';

/**
 * A network lead's view of the study-sites their SMO supports: one row each with enrollment
 * against target, late start-up milestones and the open items the site's own people see
 * (counted by the same queries, asked for counts only), and each coordinator's visits this week.
 */
export async function networkOverview(db: Kysely<DB>, ctx: RequestContext, sites: StudySiteSet): Promise<NonNullable<MyWork['network']>> {
  // One after the other: the embedded database has one connection.
  const counts = [
    await listVisitWork(db, ctx, sites.days, 'overdue', 0),
    await listVisitWork(db, ctx, sites.days, 'missed', 0),
    await listOpenReconsentTasks(db, ctx, sites.ids, 0),
    await listEligibilityAwaitingConfirmation(db, ctx, sites.ids, 0),
    await listUnsignedDelegationEntries(db, ctx, sites.ids, 0),
    await listOpenDeviations(db, ctx, sites.ids, 0),
  ];
  const openItems = (studySiteId: string) => counts.reduce((sum, work) => sum + (work.counts.get(studySiteId) ?? 0), 0);
  const enrolled = new Map((await totalsOfStudySites(db, ctx, sites.ids)).map((row) => [row.study_site_id, row.enrolled]));
  const late = new Map<string, number>();
  for (const row of await listLateMilestones(db, ctx, sites.days)) late.set(row.study_site_id, (late.get(row.study_site_id) ?? 0) + 1);

  const studySites = sites.studySites.map((ss) => ({
    studySiteId: ss.id,
    studyId: ss.study_id,
    studyShortName: ss.study_short_name,
    siteName: ss.site_name,
    siteNumber: ss.site_number,
    status: ss.status as StudySite['status'],
    enrolled: enrolled.get(ss.id) ?? 0,
    target: ss.target_enrollment,
    lateMilestones: late.get(ss.id) ?? 0,
    openItems: openItems(ss.id),
    link: `/studies/${ss.study_id}/sites/${ss.id}`,
  }));

  const load = await countWeekVisitsByCoordinator(db, ctx, sites.days);
  const names = await unsafeUserNames(db, [
    ...new Set(load.map((row) => row.coordinator_user_id).filter((id): id is string => id !== null)),
  ]);
  const byCoordinator = new Map<string | null, typeof load>();
  for (const row of load) byCoordinator.set(row.coordinator_user_id, [...(byCoordinator.get(row.coordinator_user_id) ?? []), row]);
  const coordinators = [...byCoordinator].map(([userId, rows]) => ({
    userId,
    name: userId ? (names.get(userId) ?? 'Unknown user') : 'No coordinator assigned',
    visitsThisWeek: rows.reduce((sum, row) => sum + row.count, 0),
    sites: rows
      .map((row) => {
        const ss = sites.byId.get(row.study_site_id);
        return { studySiteId: row.study_site_id, label: ss ? `${ss.study_short_name} · ${ss.site_name}` : 'Study-site', visits: row.count };
      })
      .sort((a, b) => b.visits - a.visits || a.label.localeCompare(b.label)),
  }));
  coordinators.sort((a, b) => b.visitsThisWeek - a.visitsThisWeek || a.name.localeCompare(b.name));
  return { studySites, coordinators };
}
