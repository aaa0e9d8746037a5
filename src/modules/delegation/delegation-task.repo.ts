import { type Insertable, type Kysely, sql } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { DelegationTaskRow } from '../../platform/db/schema-delegation.js';
import { iso } from '../../platform/db/timestamps.js';
import { findVisibleStudy, inVisibleStudy } from '../studies/study.repo.js';
import type { DelegationTask, TaskTrainingKind } from './delegation.schemas.js';

export function toDelegationTask(row: DelegationTaskRow): DelegationTask {
  return {
    id: row.id,
    studyId: row.study_id,
    code: row.code,
    label: row.label,
    requiresLicence: row.requires_licence,
    requiredTraining: row.required_training as TaskTrainingKind[],
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function selectTasks(db: Kysely<DB>, ctx: RequestContext, studyId: string) {
  return db
    .selectFrom('delegation_tasks')
    .selectAll()
    .where('study_id', '=', studyId)
    .where(inVisibleStudy(ctx, 'delegation_tasks.study_id'));
}

/** A study's task list; empty when the caller does not see the study. */
export function listDelegationTasks(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<DelegationTaskRow[]> {
  return selectTasks(db, ctx, studyId).orderBy('created_at').orderBy('code').execute();
}

/** The study's task list; undefined when the caller does not see the study (404). */
export async function listVisibleDelegationTasks(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
): Promise<DelegationTaskRow[] | undefined> {
  if (!(await findVisibleStudy(db, ctx, studyId))) return undefined;
  return listDelegationTasks(db, ctx, studyId);
}

export function findDelegationTask(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  taskId: string,
): Promise<DelegationTaskRow | undefined> {
  return selectTasks(db, ctx, studyId).where('id', '=', taskId).executeTakeFirst();
}

/**
 * A study's task list read without a context: the delegation guard decides whether the acting
 * person is delegated, which must not depend on what the caller may list.
 */
export function unsafeListDelegationTasks(db: Kysely<DB>, studyId: string): Promise<DelegationTaskRow[]> {
  return db.selectFrom('delegation_tasks').selectAll().where('study_id', '=', studyId).execute();
}

/** A new task of a study's list; the use case has checked study.update on the study. */
export function insertDelegationTask(tx: Kysely<DB>, values: Insertable<DB['delegation_tasks']>): Promise<DelegationTaskRow> {
  return tx.insertInto('delegation_tasks').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Does an entry of any of the study's delegation logs name this task? Unscoped: it runs after
 * the caller's right to change the study's list is checked, and must see the logs of study-sites
 * the caller does not, or a task still in use there could be removed.
 */
export async function unsafeIsTaskInUse(db: Kysely<DB>, studyId: string, code: string): Promise<boolean> {
  const used = await db
    .selectFrom('delegation_entries')
    .innerJoin('study_sites', 'study_sites.id', 'delegation_entries.study_site_id')
    .select('delegation_entries.id')
    .where('study_sites.study_id', '=', studyId)
    .where(sql<boolean>`delegation_entries.tasks @> ${JSON.stringify([code])}::jsonb`)
    .limit(1)
    .executeTakeFirst();
  return Boolean(used);
}

export async function deleteDelegationTaskRow(tx: Kysely<DB>, task: DelegationTaskRow): Promise<void> {
  await tx.deleteFrom('delegation_tasks').where('id', '=', task.id).execute();
}

/** The study a task belongs to, to scope its history by (the caller then checks the study is visible). */
export function unsafeFindDelegationTaskStudy(db: Kysely<DB>, id: string): Promise<{ study_id: string } | undefined> {
  return db.selectFrom('delegation_tasks').select('study_id').where('id', '=', id).executeTakeFirst();
}

/**
 * The tasks a delegation log commonly names (ICH E6(R3) 2.3; TransCelerate's site DOA
 * template). A study adopts them once and edits them to its protocol.
 */
export const defaultDelegationTasks: { code: string; label: string; requiresLicence: boolean; requiredTraining: TaskTrainingKind[] }[] = [
  { code: 'obtain_consent', label: 'Obtain informed consent', requiresLicence: false, requiredTraining: ['gcp', 'protocol'] },
  { code: 'assess_eligibility', label: 'Assess eligibility', requiresLicence: true, requiredTraining: ['gcp', 'protocol'] },
  {
    code: 'medical_history',
    label: 'Take medical history and examine participants',
    requiresLicence: true,
    requiredTraining: ['gcp', 'protocol'],
  },
  { code: 'assess_adverse_events', label: 'Assess adverse events', requiresLicence: true, requiredTraining: ['gcp', 'protocol'] },
  { code: 'prescribe_study_drug', label: 'Prescribe study drug', requiresLicence: true, requiredTraining: ['gcp', 'protocol'] },
  { code: 'dispense_study_drug', label: 'Dispense study drug', requiresLicence: true, requiredTraining: ['gcp', 'protocol'] },
  { code: 'drug_accountability', label: 'Keep study drug accountability', requiresLicence: false, requiredTraining: ['gcp', 'protocol'] },
  { code: 'collect_samples', label: 'Collect and process samples', requiresLicence: false, requiredTraining: ['gcp', 'protocol'] },
  { code: 'enter_data', label: 'Enter data in the eCRF', requiresLicence: false, requiredTraining: ['gcp', 'protocol'] },
  { code: 'resolve_queries', label: 'Resolve data queries', requiresLicence: false, requiredTraining: ['gcp', 'protocol'] },
  { code: 'sign_crf', label: 'Sign off eCRFs', requiresLicence: true, requiredTraining: ['gcp', 'protocol'] },
  { code: 'maintain_isf', label: 'Maintain the investigator site file', requiresLicence: false, requiredTraining: ['gcp'] },
];
