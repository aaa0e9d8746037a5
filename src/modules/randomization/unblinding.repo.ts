import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { iso } from '../../platform/db/timestamps.js';
import type { Unblinding } from './randomization.schemas.js';

/** A participant's emergency unblindings, oldest first. They never hold the arm. */
export async function findUnblindings(db: Kysely<DB>, participantId: string): Promise<Unblinding[]> {
  const rows = await db
    .selectFrom('emergency_unblindings as u')
    .innerJoin('users', 'users.id', 'u.unblinded_by_user_id')
    .select(['u.id', 'u.participant_id', 'u.reason', 'u.unblinded_by_user_id', 'u.unblinded_at', 'users.full_name'])
    .where('u.participant_id', '=', participantId)
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
