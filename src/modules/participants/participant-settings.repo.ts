import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/**
 * A study's participant settings and each study-site's subject number counter. The callers
 * have found the study (findStudyForProtocols) or the study-site (participant-access.repo.ts)
 * visible first.
 */

export function findParticipantSettings(db: Kysely<DB>, studyId: string) {
  return db
    .selectFrom('participant_settings')
    .select(['subject_number_format', 'version'])
    .where('study_id', '=', studyId)
    .executeTakeFirst();
}

export function lockParticipantSettings(tx: Kysely<DB>, studyId: string) {
  return tx.selectFrom('participant_settings').selectAll().where('study_id', '=', studyId).forUpdate().executeTakeFirst();
}

/**
 * Writes the format, version `expectedVersion` + 1. participant_settings is keyed by study (it
 * has no id column), so the row is locked by lockParticipantSettings and bumped here rather than
 * by updateVersioned.
 */
export async function saveParticipantSettings(
  tx: Kysely<DB>,
  studyId: string,
  current: { version: number } | undefined,
  subjectNumberFormat: string,
  now: Date,
): Promise<void> {
  if (current) {
    await tx
      .updateTable('participant_settings')
      .set({ subject_number_format: subjectNumberFormat, version: current.version + 1, updated_at: now })
      .where('study_id', '=', studyId)
      .execute();
  } else {
    await tx.insertInto('participant_settings').values({ study_id: studyId, subject_number_format: subjectNumberFormat }).execute();
  }
}

/**
 * Takes the study-site's next sequence number. The counter row is locked FOR UPDATE until the
 * screening transaction ends, so two screenings at once get consecutive numbers, never the same.
 */
export async function takeSubjectSequence(tx: Kysely<DB>, studySiteId: string): Promise<number> {
  await tx
    .insertInto('subject_number_counters')
    .values({ study_site_id: studySiteId })
    .onConflict((oc) => oc.column('study_site_id').doNothing())
    .execute();
  const { next_seq } = await tx
    .selectFrom('subject_number_counters')
    .select('next_seq')
    .where('study_site_id', '=', studySiteId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('subject_number_counters')
    .set({ next_seq: next_seq + 1 })
    .where('study_site_id', '=', studySiteId)
    .execute();
  return next_seq;
}
