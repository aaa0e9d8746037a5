import type { Kysely } from 'kysely';
import { can } from '../../platform/auth/authorize.js';
import type { Permission } from '../../platform/auth/roles.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { forbidden } from '../../platform/errors.js';
import { listStudySitesForWork, type StudySiteJoined, studySiteToday } from '../study-sites/study-site.repo.js';
import { networkOverview } from './network-work.js';
import { documentSection, expiringSection, startupSection, studyEnrollment } from './oversight-work.js';
import { querySection } from './query-work.js';
import {
  delegationSection,
  deviationSection,
  eligibilitySection,
  reconsentSection,
  type StudySiteSet,
  studySiteSet,
  visitSection,
} from './site-work.js';
import { type Reach, reachOf } from './work-reach.js';
import type { MyWork, WorkSection } from './worklist.schemas.js';

/** Study-site statuses in which start-up milestones are still the work (as the start-up board). */
const startUpStatuses = ['selected', 'start_up'];

/**
 * The signed-in user's work for today, in sections. Which sections come from what the user may
 * do where (work-reach.ts): each asks the module that owns the records, over the study-sites
 * where the user holds the permission the action needs, so every item is one the linked page
 * lets them act on. "Today" is each site's calendar day in its own time zone.
 */
export async function buildWorklist(db: Kysely<DB>, ctx: RequestContext): Promise<MyWork> {
  const actor = ctx.actor;
  if (actor.kind !== 'user') throw forbidden('Only a person has a home page.');
  const now = ctx.now();
  const all = await listStudySitesForWork(db, ctx);
  const today = new Map(all.map((ss) => [ss.id, studySiteToday(ss, now)]));
  const reached = (permission: Permission, reaches: Reach[], also: (ss: StudySiteJoined) => boolean = () => true): StudySiteSet =>
    studySiteSet(
      all.filter((ss) => {
        const reach = reachOf(actor, permission, ss);
        return reach !== null && reaches.includes(reach) && also(ss);
      }),
      today,
    );
  const mayAt = (permission: Permission, ss: StudySiteJoined) => reachOf(actor, permission, ss) !== null;
  const sections: WorkSection[] = [];
  const add = async (sites: StudySiteSet, make: (sites: StudySiteSet) => Promise<WorkSection>) => {
    if (sites.ids.length > 0) sections.push(await make(sites));
  };

  // Signatures first: only the investigator can give them, and others wait on them.
  await add(reached('delegation.sign', ['site']), (s) => delegationSection(db, ctx, s, 'to_sign'));
  await add(reached('eligibility.confirm', ['site']), (s) => eligibilitySection(db, ctx, s, 'to_confirm'));
  if (can(actor, 'document.approve')) sections.push(await documentSection(db, ctx, 'to_review'));

  // The site's day: visits, participants, the delegation log and the site file.
  const siteWork = reached('participant.write', ['site']);
  await add(siteWork, (s) => visitSection(db, ctx, s, 'today'));
  await add(siteWork, (s) => visitSection(db, ctx, s, 'week'));
  await add(siteWork, (s) => visitSection(db, ctx, s, 'overdue'));
  await add(siteWork, (s) => visitSection(db, ctx, s, 'missed'));
  await add(siteWork, (s) => reconsentSection(db, ctx, s));
  await add(
    reached('participant.write', ['site'], (ss) => !mayAt('eligibility.confirm', ss)),
    (s) => eligibilitySection(db, ctx, s, 'waiting'),
  );
  await add(
    reached('delegation.write', ['site'], (ss) => !mayAt('delegation.sign', ss)),
    (s) => delegationSection(db, ctx, s, 'waiting'),
  );
  // Returned documents go back to whoever files them: a site's own file, the sponsor's trial-level documents.
  const siteFiling = new Set(reached('document.write', ['site']).ids);
  const studyFiling = new Set(reached('document.write', ['study']).studySites.map((ss) => ss.study_id));
  if (siteFiling.size > 0 || studyFiling.size > 0) {
    sections.push(
      await documentSection(db, ctx, 'returned', (doc) =>
        doc.study_site_id ? siteFiling.has(doc.study_site_id) : studyFiling.has(doc.study_id),
      ),
    );
  }
  if (reached('training.write', ['site']).ids.length > 0) sections.push(await expiringSection(db, ctx));

  // Deviations: those who assess them, and the sites that wait for it.
  await add(reached('deviation.assess', ['site', 'study']), (s) => deviationSection(db, ctx, s, 'to_assess'));
  await add(
    reached('deviation.write', ['site'], (ss) => !mayAt('deviation.assess', ss)),
    (s) => deviationSection(db, ctx, s, 'awaiting'),
  );

  // Data queries: the site answers, the monitor or data manager closes.
  await add(reached('query.answer', ['site']), (s) => querySection(db, ctx, s, 'to_answer'));
  await add(reached('query.close', ['site', 'study']), (s) => querySection(db, ctx, s, 'to_close'));

  // Oversight of the studies: start-up and enrollment against target.
  await add(
    reached('milestone.write', ['study'], (ss) => startUpStatuses.includes(ss.status)),
    (s) => startupSection(db, ctx, s),
  );
  const overseen = reached('participant.read', ['study']);
  const enrollment = overseen.ids.length > 0 ? await studyEnrollment(db, ctx, overseen) : null;

  const supported = reached('studySite.read', ['network']);
  const network = supported.ids.length > 0 ? await networkOverview(db, ctx, supported) : null;

  return {
    asOf: now.toISOString(),
    openItems:
      sections.filter((s) => s.open).reduce((sum, s) => sum + s.count, 0) +
      (network?.studySites.reduce((sum, row) => sum + row.openItems, 0) ?? 0),
    sections,
    enrollment,
    network,
  };
}
