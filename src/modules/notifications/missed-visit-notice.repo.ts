import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { unsafeActiveUsersHolding } from '../users/grant-holders.repo.js';

/**
 * What the site is told of a missed visit: pseudonymous, as every participant message is.
 * Unsafe (no caller's scope): read by the missed-visit follow-up job, which acts for no user.
 */
export function unsafeFindMissedVisitNotice(db: Kysely<DB>, visitId: string) {
  return db
    .selectFrom('participant_visits as v')
    .innerJoin('participants as p', 'p.id', 'v.participant_id')
    .innerJoin('study_sites as ss', 'ss.id', 'v.study_site_id')
    .innerJoin('studies as st', 'st.id', 'ss.study_id')
    .innerJoin('sites as s', 's.id', 'ss.site_id')
    .select([
      'v.id',
      'v.code',
      'v.name',
      'v.status',
      'v.window_end',
      'p.id as participant_id',
      'p.subject_number',
      'st.short_name as study_short_name',
      'ss.site_number',
      'ss.id as study_site_id',
      'ss.study_id',
      'ss.site_id',
      'ss.smo_org_id',
      's.organization_id as site_org_id',
    ])
    .where('v.id', '=', visitId)
    .executeTakeFirst();
}

/**
 * The people who do the participant work at a study-site: active users whose role does
 * participant work, granted on the study-site, its site, its study, or the site's own or SMO
 * organization. Platform-wide grants are left out: the platform admin runs the install, not trials.
 * Unsafe (no caller's scope): the follow-up job finds whom to tell, it shows no one anything.
 */
export function unsafeStudySiteTeam(
  db: Kysely<DB>,
  at: { study_site_id: string; study_id: string; site_id: string; site_org_id: string; smo_org_id: string | null },
): Promise<string[]> {
  return unsafeActiveUsersHolding(db, [
    {
      permission: 'participant.write',
      organizationIds: [at.site_org_id, ...(at.smo_org_id ? [at.smo_org_id] : [])],
      studyId: at.study_id,
      siteId: at.site_id,
      studySiteId: at.study_site_id,
    },
  ]);
}
