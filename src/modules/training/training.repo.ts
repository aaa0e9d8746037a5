import type { Insertable, Kysely } from 'kysely';
import { scopeIds } from '../../platform/auth/authorize.js';
import { visibleStudySites } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { TrainingRecordRow, TrainingRequirementRow } from '../../platform/db/schema-delegation.js';
import { iso } from '../../platform/db/timestamps.js';
import { findVisiblePerson, inVisiblePerson } from '../people/person.repo.js';
import type { StaffRole } from '../people/person.schemas.js';
import { findVisibleStudy, inVisibleStudy } from '../studies/study.repo.js';
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

/**
 * Training records are the person's: the caller reads them where it sees the person (person.read,
 * as for the rest of their file), and nowhere else.
 */
function selectRecords(db: Kysely<DB>, ctx: RequestContext) {
  return db
    .selectFrom('training_records')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where(inVisiblePerson(ctx, 'training_records.person_id'));
}

/** A person's records, newest first; undefined when the caller does not see the person (404). */
export async function listVisibleTrainingRecords(
  db: Kysely<DB>,
  ctx: RequestContext,
  personId: string,
): Promise<TrainingRecordRow[] | undefined> {
  if (!(await findVisiblePerson(db, ctx, personId))) return undefined;
  return selectRecords(db, ctx).where('person_id', '=', personId).orderBy('completed_on', 'desc').orderBy('id').execute();
}

export function findVisibleTrainingRecord(
  db: Kysely<DB>,
  ctx: RequestContext,
  personId: string,
  recordId: string,
): Promise<TrainingRecordRow | undefined> {
  return selectRecords(db, ctx).where('id', '=', recordId).where('person_id', '=', personId).executeTakeFirst();
}

/** The training facts of several people at once, for status and delegation checks (people the caller sees). */
export function trainingFactsOf(db: Kysely<DB>, ctx: RequestContext, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('training_records')
    .select(['id', 'person_id', 'kind', 'title', 'study_id', 'protocol_version', 'completed_on', 'expires_on'])
    .where('person_id', 'in', personIds)
    .where('deleted_at', 'is', null)
    .where(inVisiblePerson(ctx, 'training_records.person_id'))
    .execute();
}

/**
 * The same facts read without a context, for the delegation guard only: whether the acting
 * person is validly delegated must not change with what the caller may list.
 */
export function unsafeTrainingFactsOf(db: Kysely<DB>, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('training_records')
    .select(['id', 'person_id', 'kind', 'title', 'study_id', 'protocol_version', 'completed_on', 'expires_on'])
    .where('person_id', 'in', personIds)
    .where('deleted_at', 'is', null)
    .execute();
}

/** The person a record belongs to (kept after deletion), to scope its history by; the caller then checks the person is visible. */
export function unsafeFindTrainingRecordPerson(db: Kysely<DB>, id: string): Promise<{ person_id: string } | undefined> {
  return db.selectFrom('training_records').select('person_id').where('id', '=', id).executeTakeFirst();
}

/** The study a requirement belongs to, to scope its history by; the caller then checks the study is visible. */
export function unsafeFindTrainingRequirementStudy(db: Kysely<DB>, id: string): Promise<{ study_id: string } | undefined> {
  return db.selectFrom('training_requirements').select('study_id').where('id', '=', id).executeTakeFirst();
}

/** A new record of a person the use case has checked the caller may write training for. */
export function insertTrainingRecord(tx: Kysely<DB>, values: Insertable<DB['training_records']>): Promise<TrainingRecordRow> {
  return tx.insertInto('training_records').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * The study-sites of a study, among those the caller sees with training.read, where the person
 * holds a role on a day, one row per role, in site-name order.
 */
export function listPersonRolesInStudy(db: Kysely<DB>, ctx: RequestContext, studyId: string, personId: string, on: string) {
  return db
    .selectFrom('study_sites')
    .innerJoin('studies', 'studies.id', 'study_sites.study_id')
    .innerJoin('sites', 'sites.id', 'study_sites.site_id')
    .innerJoin('site_staff', 'site_staff.site_id', 'study_sites.site_id')
    .select(['study_sites.id as studySiteId', 'sites.id as siteId', 'sites.name as siteName', 'site_staff.role'])
    .where('study_sites.study_id', '=', studyId)
    .where('site_staff.person_id', '=', personId)
    .where('site_staff.start_date', '<=', on)
    .where((eb) => eb.or([eb('site_staff.end_date', 'is', null), eb('site_staff.end_date', '>=', on)]))
    .where(visibleStudySites(scopeIds(ctx.actor, 'training.read')))
    .orderBy('sites.name')
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

/** What the study requires of each role; empty when the caller does not see the study. */
export function listTrainingRequirements(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<TrainingRequirementRow[]> {
  return db
    .selectFrom('training_requirements')
    .selectAll()
    .where('study_id', '=', studyId)
    .where(inVisibleStudy(ctx, 'training_requirements.study_id'))
    .orderBy('role')
    .orderBy('kind')
    .orderBy('created_at')
    .execute();
}

/** The study's requirements read without a context, for the delegation guard only (see unsafeTrainingFactsOf). */
export function unsafeListTrainingRequirements(db: Kysely<DB>, studyId: string): Promise<TrainingRequirementRow[]> {
  return db.selectFrom('training_requirements').selectAll().where('study_id', '=', studyId).execute();
}

/** The study's requirements; undefined when the caller does not see the study (404). */
export async function listVisibleTrainingRequirements(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
): Promise<TrainingRequirementRow[] | undefined> {
  if (!(await findVisibleStudy(db, ctx, studyId))) return undefined;
  return listTrainingRequirements(db, ctx, studyId);
}

/** A new requirement of a study whose set-up the use case has checked the caller may change. */
export function insertTrainingRequirement(
  tx: Kysely<DB>,
  values: Insertable<DB['training_requirements']>,
): Promise<TrainingRequirementRow> {
  return tx.insertInto('training_requirements').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Removes a requirement of the study; undefined when the study has no such requirement. */
export function deleteTrainingRequirement(
  tx: Kysely<DB>,
  studyId: string,
  requirementId: string,
): Promise<TrainingRequirementRow | undefined> {
  return tx
    .deleteFrom('training_requirements')
    .where('id', '=', requirementId)
    .where('study_id', '=', studyId)
    .returningAll()
    .executeTakeFirst();
}
