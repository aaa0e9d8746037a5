import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { EmergencyUnblindingsTable } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
import type { VisibleParticipant } from '../participants/participant-access.repo.js';
import type { StudySiteJoined } from '../study-sites/study-site.repo.js';
import { unsafeActiveUsersHolding } from '../users/grant-holders.repo.js';
import type { Unblinding } from './randomization.schemas.js';

/** The emergency unblindings of a participant reached through the gateway, oldest first. They never hold the arm. */
export async function findUnblindings(db: Kysely<DB>, visible: VisibleParticipant): Promise<Unblinding[]> {
  const rows = await db
    .selectFrom('emergency_unblindings as u')
    .innerJoin('users', 'users.id', 'u.unblinded_by_user_id')
    .select(['u.id', 'u.participant_id', 'u.reason', 'u.unblinded_by_user_id', 'u.unblinded_at', 'users.full_name'])
    .where('u.participant_id', '=', visible.participant.id)
    .orderBy('u.unblinded_at')
    .orderBy('u.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    participantId: row.participant_id,
    reason: row.reason,
    unblindedByUserId: row.unblinded_by_user_id,
    unblindedByName: row.full_name,
    unblindedAt: iso(row.unblinded_at),
  }));
}

const present = (ids: (string | null)[]) => ids.filter((id): id is string => id !== null);

/**
 * Who hears of an emergency unblinding: everyone who configures the study's randomization (the
 * study managers, through a grant on the sponsor, the CRO or the study) and everyone who may
 * unblind at the study-site. Platform-wide grants are left out: the platform admin runs the
 * install, not trials. Active users only, each once.
 */
export function usersToTellOfUnblinding(db: Kysely<DB>, studySite: StudySiteJoined): Promise<string[]> {
  const studyOrgs = present([studySite.sponsor_org_id, studySite.cro_org_id]);
  return unsafeActiveUsersHolding(db, [
    { permission: 'randomization.configure', organizationIds: studyOrgs, studyId: studySite.study_id },
    {
      permission: 'participant.unblind',
      organizationIds: present([...studyOrgs, studySite.site_org_id, studySite.smo_org_id]),
      studyId: studySite.study_id,
      siteId: studySite.site_id,
      studySiteId: studySite.id,
    },
  ]);
}

export function insertUnblinding(tx: Kysely<DB>, values: Insertable<EmergencyUnblindingsTable>) {
  return tx.insertInto('emergency_unblindings').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The blinding of the study of a participant reached through the gateway, once the study has a scheme. */
export async function blindingOfStudy(db: Kysely<DB>, visible: VisibleParticipant): Promise<string | undefined> {
  const row = await db
    .selectFrom('randomization_schemes')
    .select('blinding')
    .where('study_id', '=', visible.participant.study_id)
    .executeTakeFirst();
  return row?.blinding;
}
