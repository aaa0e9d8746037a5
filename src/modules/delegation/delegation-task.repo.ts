import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { DelegationTaskRow } from '../../platform/db/schema-delegation.js';
import { iso } from '../../platform/db/timestamps.js';
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

/** A study's task list; the caller has checked that the study is visible. */
export function listDelegationTasks(db: Kysely<DB>, studyId: string): Promise<DelegationTaskRow[]> {
  return db.selectFrom('delegation_tasks').selectAll().where('study_id', '=', studyId).orderBy('created_at').orderBy('code').execute();
}

export function findDelegationTask(db: Kysely<DB>, studyId: string, taskId: string): Promise<DelegationTaskRow | undefined> {
  return db.selectFrom('delegation_tasks').selectAll().where('study_id', '=', studyId).where('id', '=', taskId).executeTakeFirst();
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
