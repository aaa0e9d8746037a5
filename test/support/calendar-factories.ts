import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.js';

/**
 * Participants, candidates, identities and visits written straight into the tables of migration
 * 0008, so calendar and enrollment tests do not depend on the screening and visit use cases.
 * The enrollment_daily triggers still run on these rows, as they do for the use cases.
 */

export interface ParticipantSpec {
  studyId: string;
  studySiteId: string;
  subjectNumber?: string;
  coordinatorUserId?: string | null;
  screenedOn: string;
  identityName?: string;
}

export async function insertParticipant(db: Kysely<DB>, spec: ParticipantSpec): Promise<{ id: string; subjectNumber: string }> {
  const identity = spec.identityName
    ? await db
        .insertInto('identities')
        .values({ study_site_id: spec.studySiteId, full_name: spec.identityName, phone: '+1 555 0100', email: 'pat@example.org' })
        .returning('id')
        .executeTakeFirstOrThrow()
    : undefined;
  const subjectNumber = spec.subjectNumber ?? `S-${randomUUID().slice(0, 8)}`;
  const row = await db
    .insertInto('participants')
    .values({
      study_id: spec.studyId,
      study_site_id: spec.studySiteId,
      subject_number: subjectNumber,
      identity_id: identity?.id ?? null,
      coordinator_user_id: spec.coordinatorUserId ?? null,
      screened_on: spec.screenedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, subjectNumber };
}

/** Moves a participant on (enrolled, screen failed, withdrawn...) as the use cases would. */
export async function updateParticipant(
  db: Kysely<DB>,
  participantId: string,
  changes: Partial<{
    status: string;
    screen_failed_on: string | null;
    enrolled_on: string | null;
    completed_on: string | null;
    withdrawn_on: string | null;
    withdrawal_scope: 'treatment' | 'study' | null;
    lost_on: string | null;
  }>,
): Promise<void> {
  await db.updateTable('participants').set(changes).where('id', '=', participantId).execute();
}

export async function insertCandidate(db: Kysely<DB>, studyId: string, studySiteId: string, prescreenedOn: string): Promise<string> {
  const row = await db
    .insertInto('prescreen_candidates')
    .values({ study_id: studyId, study_site_id: studySiteId, source: 'referral', prescreened_on: prescreenedOn })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface VisitSpec {
  code: string;
  name: string;
  kind?: string;
  targetDate: string | null;
  windowStart?: string | null;
  windowEnd?: string | null;
  status?: 'scheduled' | 'completed' | 'missed' | 'cancelled';
  actualDate?: string | null;
}

let sequence = 0;

export async function insertVisit(db: Kysely<DB>, participant: { id: string; studySiteId: string }, spec: VisitSpec): Promise<string> {
  const row = await db
    .insertInto('participant_visits')
    .values({
      participant_id: participant.id,
      study_site_id: participant.studySiteId,
      code: spec.code,
      name: spec.name,
      kind: spec.kind ?? 'treatment',
      sequence: ++sequence,
      target_date: spec.targetDate,
      window_start: spec.windowStart ?? spec.targetDate,
      window_end: spec.windowEnd ?? spec.targetDate,
      status: spec.status ?? 'scheduled',
      actual_date: spec.actualDate ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * An open-label scheme with one allocation carrying `armCode`, so a test can assert that an arm
 * never reaches a response that must not show it.
 */
export async function insertAllocation(db: Kysely<DB>, studyId: string, participantId: string, armCode: string): Promise<void> {
  const scheme = await db
    .insertInto('randomization_schemes')
    .values({
      study_id: studyId,
      blinding: 'double',
      arms: JSON.stringify([{ code: armCode, ratio: 1 }]),
      block_sizes: JSON.stringify([2]),
      seed: 'test-seed',
      seed_sha256: 'test-seed-sha256',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('allocations')
    .values({
      participant_id: participantId,
      scheme_id: scheme.id,
      stratum_key: '-',
      position: 1,
      arm_code: armCode,
      allocated_at: new Date(),
    })
    .execute();
}
