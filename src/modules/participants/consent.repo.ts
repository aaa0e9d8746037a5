import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { ConsentsTable } from '../../platform/db/schema-participants.js';
import type { VisibleParticipant } from './participant-access.repo.js';

/**
 * Consents and re-consent tasks belong to the participants module. Every function here is
 * scoped by a VisibleParticipant (only participant-access.repo.ts hands one out) or runs in a
 * transaction whose caller has shown the study-site visible.
 */

/** A participant's consents, oldest first, with the form version and who obtained each. */
export function listConsents(db: Kysely<DB>, { participant }: VisibleParticipant) {
  return db
    .selectFrom('consents as c')
    .innerJoin('icf_versions as icf', 'icf.id', 'c.icf_version_id')
    .innerJoin('people as p', 'p.id', 'c.obtained_by_person_id')
    .selectAll('c')
    .select(['icf.version_label', 'icf.language', 'p.full_name as obtained_by_name'])
    .where('c.participant_id', '=', participant.id)
    .orderBy('c.consented_at')
    .execute();
}

/** A participant's re-consent tasks, by the day each is due from. */
export function listReconsentTasks(db: Kysely<DB>, { participant }: VisibleParticipant) {
  return db
    .selectFrom('reconsent_tasks as t')
    .innerJoin('icf_versions as icf', 'icf.id', 't.icf_version_id')
    .selectAll('t')
    .select('icf.version_label')
    .where('t.participant_id', '=', participant.id)
    .orderBy('t.due_from')
    .execute();
}

export function findOpenReconsentTask(db: Kysely<DB>, { participant }: VisibleParticipant, icfVersionId: string) {
  return db
    .selectFrom('reconsent_tasks')
    .selectAll()
    .where('participant_id', '=', participant.id)
    .where('icf_version_id', '=', icfVersionId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

/** The earliest re-consent still open and due on or before `on`: a visit that day is a deviation. */
export function findOutstandingReconsent(db: Kysely<DB>, { participant }: VisibleParticipant, on: string) {
  return db
    .selectFrom('reconsent_tasks as t')
    .innerJoin('icf_versions as icf', 'icf.id', 't.icf_version_id')
    .select(['t.due_from', 'icf.version_label', 'icf.language'])
    .where('t.participant_id', '=', participant.id)
    .where('t.status', '=', 'open')
    .where('t.due_from', '<=', on)
    .orderBy('t.due_from')
    .limit(1)
    .executeTakeFirst();
}

export function insertConsent(tx: Kysely<DB>, values: Insertable<ConsentsTable>) {
  return tx.insertInto('consents').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function closeReconsentTask(tx: Kysely<DB>, taskId: string, consentId: string, closedAt: Date): Promise<void> {
  await tx
    .updateTable('reconsent_tasks')
    .set({ status: 'done', consent_id: consentId, closed_at: closedAt })
    .where('id', '=', taskId)
    .execute();
}

/**
 * The active participants of a study-site who consented in `language` and whose latest consent
 * is on another form version than `icfVersionId`: they are to re-consent on it.
 */
export async function participantsToReconsent(
  tx: Kysely<DB>,
  studySiteId: string,
  icfVersionId: string,
  language: string,
  inactiveStatuses: string[],
): Promise<string[]> {
  const rows = await tx
    .selectFrom('participants as p')
    .select(['p.id'])
    .select(
      sql<string | null>`(select c.icf_version_id from consents c where c.participant_id = p.id
        order by c.consented_at desc, c.created_at desc limit 1)`.as('latest_icf_version_id'),
    )
    .where('p.study_site_id', '=', studySiteId)
    .where('p.consent_language', '=', language)
    .where('p.consented_on', 'is not', null)
    .where('p.status', 'not in', inactiveStatuses)
    .orderBy('p.subject_number')
    .execute();
  return rows.filter((r) => r.latest_icf_version_id && r.latest_icf_version_id !== icfVersionId).map((r) => r.id);
}

/** Opens a task, or nothing when the participant has one for this version already. */
export function insertReconsentTask(tx: Kysely<DB>, participantId: string, icfVersionId: string, dueFrom: string) {
  return tx
    .insertInto('reconsent_tasks')
    .values({ participant_id: participantId, icf_version_id: icfVersionId, due_from: dueFrom })
    .onConflict((oc) => oc.columns(['participant_id', 'icf_version_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** Cancels the participant's other open tasks; returns their ids. */
export function cancelOtherOpenReconsentTasks(tx: Kysely<DB>, participantId: string, keepTaskId: string, closedAt: Date) {
  return tx
    .updateTable('reconsent_tasks')
    .set({ status: 'cancelled', closed_at: closedAt })
    .where('participant_id', '=', participantId)
    .where('status', '=', 'open')
    .where('id', '<>', keepTaskId)
    .returning('id')
    .execute();
}
