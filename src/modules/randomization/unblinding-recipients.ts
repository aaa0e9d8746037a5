import type { Kysely } from 'kysely';
import { type Permission, roleAllows, roles } from '../../platform/auth/roles.js';
import type { DB } from '../../platform/db/schema.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';

const rolesWith = (permission: Permission) => roles.filter((role) => roleAllows(role, permission));
const present = (ids: (string | null)[]) => ids.filter((id): id is string => id !== null);

/**
 * Who hears of an emergency unblinding: everyone who configures the study's randomization (the
 * study managers, through a grant on the sponsor, the CRO or the study) and everyone who may
 * unblind at the study-site. Platform-wide grants are left out: the platform admin runs the
 * install, not trials. Active users only, each once.
 */
export async function usersToTellOfUnblinding(db: Kysely<DB>, studySite: StudySiteJoined): Promise<string[]> {
  const studyOrgs = present([studySite.sponsor_org_id, studySite.cro_org_id]);
  const studySiteOrgs = present([...studyOrgs, studySite.site_org_id, studySite.smo_org_id]);
  const rows = await db
    .selectFrom('grants')
    .innerJoin('users', 'users.id', 'grants.user_id')
    .select('users.id')
    .distinct()
    .where('users.is_active', '=', true)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('grants.role', 'in', rolesWith('randomization.configure')),
          eb.or([
            eb.and([eb('grants.scope_type', '=', 'organization'), eb('grants.scope_id', 'in', studyOrgs)]),
            eb.and([eb('grants.scope_type', '=', 'study'), eb('grants.scope_id', '=', studySite.study_id)]),
          ]),
        ]),
        eb.and([
          eb('grants.role', 'in', rolesWith('participant.unblind')),
          eb.or([
            eb.and([eb('grants.scope_type', '=', 'organization'), eb('grants.scope_id', 'in', studySiteOrgs)]),
            eb.and([eb('grants.scope_type', '=', 'study'), eb('grants.scope_id', '=', studySite.study_id)]),
            eb.and([eb('grants.scope_type', '=', 'site'), eb('grants.scope_id', '=', studySite.site_id)]),
            eb.and([eb('grants.scope_type', '=', 'study_site'), eb('grants.scope_id', '=', studySite.id)]),
          ]),
        ]),
      ]),
    )
    .orderBy('users.id')
    .execute();
  return rows.map((r) => r.id);
}
