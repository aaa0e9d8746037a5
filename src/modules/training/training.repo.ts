import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { TrainingRecordRow, TrainingRequirementRow } from '../../platform/db/schema-delegation.js';
import { iso } from '../../platform/db/timestamps.js';
import type { StaffRole } from '../people/person.schemas.js';
import type { TrainingKind, TrainingRecord, TrainingRequirement } from './training.schemas.js';
import { needLabel, recordStatus, type TrainingNeed } from './training-needs.js';

export const trainingColumns = {
  title: 'title',
  studyId: 'study_id',
  protocolVersion: 'protocol_version',
  completedOn: 'completed_on',
  expiresOn: 'expires_on',
  documentId: 'document_id',
} as const;

/** Fields of a record that its audit rows leave out (bookkeeping, or computed). */
export const trainingAuditIgnore = ['id', 'status', 'version', 'createdAt', 'updatedAt'];

export function toTrainingRecord(row: TrainingRecordRow, today: string): TrainingRecord {
  return {
    id: row.id,
    personId: row.person_id,
    title: row.title,
    kind: row.kind as TrainingKind,
    studyId: row.study_id,
    protocolVersion: row.protocol_version,
    completedOn: row.completed_on,
    expiresOn: row.expires_on,
    documentId: row.document_id,
    status: recordStatus(row, today, 60),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A person's records, newest first; the caller has checked that the person is visible. */
export function listTrainingRecords(db: Kysely<DB>, personId: string): Promise<TrainingRecordRow[]> {
  return db
    .selectFrom('training_records')
    .selectAll()
    .where('person_id', '=', personId)
    .where('deleted_at', 'is', null)
    .orderBy('completed_on', 'desc')
    .orderBy('id')
    .execute();
}

export function findTrainingRecord(db: Kysely<DB>, personId: string, recordId: string): Promise<TrainingRecordRow | undefined> {
  return db
    .selectFrom('training_records')
    .selectAll()
    .where('id', '=', recordId)
    .where('person_id', '=', personId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The training facts of several people at once, for status and delegation checks. */
export function trainingFactsOf(db: Kysely<DB>, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('training_records')
    .select(['id', 'person_id', 'kind', 'title', 'study_id', 'protocol_version', 'completed_on', 'expires_on'])
    .where('person_id', 'in', personIds)
    .where('deleted_at', 'is', null)
    .execute();
}

export function requirementNeed(row: Pick<TrainingRequirementRow, 'kind' | 'study_id' | 'protocol_version' | 'title'>): TrainingNeed {
  return {
    kind: row.kind as TrainingKind,
    studyId: row.kind === 'protocol' ? row.study_id : null,
    protocolVersion: row.protocol_version,
    title: row.title,
  };
}

export function toTrainingRequirement(row: TrainingRequirementRow): TrainingRequirement {
  return {
    id: row.id,
    studyId: row.study_id,
    role: row.role as StaffRole,
    kind: row.kind as TrainingKind,
    protocolVersion: row.protocol_version,
    title: row.title,
    label: needLabel(requirementNeed(row)),
    createdAt: iso(row.created_at),
  };
}

export function listTrainingRequirements(db: Kysely<DB>, studyId: string): Promise<TrainingRequirementRow[]> {
  return db
    .selectFrom('training_requirements')
    .selectAll()
    .where('study_id', '=', studyId)
    .orderBy('role')
    .orderBy('kind')
    .orderBy('created_at')
    .execute();
}
