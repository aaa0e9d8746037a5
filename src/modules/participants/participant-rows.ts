import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/** Locks a participant's row for the rest of the transaction (status changes, consent, eligibility). */
export async function lockParticipant(tx: Kysely<DB>, participantId: string) {
  return tx.selectFrom('participants').selectAll().where('id', '=', participantId).forUpdate().executeTakeFirstOrThrow();
}

/** The site's IANA time zone: 'YYYY-MM-DD' dates of participants are that site's calendar days. */
export async function siteTimeZone(db: Kysely<DB>, studySiteId: string): Promise<string> {
  const row = await sql<{ time_zone: string }>`select sites.time_zone from study_sites
    join sites on sites.id = study_sites.site_id where study_sites.id = ${studySiteId}`
    .execute(db)
    .then((r) => r.rows[0]);
  return row?.time_zone ?? 'UTC';
}
