import type { Kysely } from 'kysely';
import { type Permission, roleAllows, roles } from '../../platform/auth/roles.js';
import type { DB } from '../../platform/db/schema.js';

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

const rolesWith = (permission: Permission) => roles.filter((role) => roleAllows(role, permission));

/**
 * The people who do the participant work at a study-site: active users whose role does
 * participant work, granted on the study-site, its site, its study, or the site's own or SMO
 * organization. Platform-wide grants are left out: the platform admin runs the install, not trials.
 * Unsafe (no caller's scope): the follow-up job finds whom to tell, it shows no one anything.
 */
export async function unsafeStudySiteTeam(
  db: Kysely<DB>,
  at: { study_site_id: string; study_id: string; site_id: string; site_org_id: string; smo_org_id: string | null },
): Promise<string[]> {
  const organizations = [at.site_org_id, ...(at.smo_org_id ? [at.smo_org_id] : [])];
  const rows = await db
    .selectFrom('grants')
    .innerJoin('users', 'users.id', 'grants.user_id')
    .select('users.id')
    .distinct()
    .where('users.is_active', '=', true)
    .where('grants.role', 'in', rolesWith('participant.write'))
    .where((eb) =>
      eb.or([
        eb.and([eb('grants.scope_type', '=', 'organization'), eb('grants.scope_id', 'in', organizations)]),
        eb.and([eb('grants.scope_type', '=', 'study'), eb('grants.scope_id', '=', at.study_id)]),
        eb.and([eb('grants.scope_type', '=', 'site'), eb('grants.scope_id', '=', at.site_id)]),
        eb.and([eb('grants.scope_type', '=', 'study_site'), eb('grants.scope_id', '=', at.study_site_id)]),
      ]),
    )
    .orderBy('users.id')
    .execute();
  return rows.map((row) => row.id);
}
