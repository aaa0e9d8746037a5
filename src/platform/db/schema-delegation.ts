import type { Selectable } from 'kysely';
import type { DB } from './tables.generated.js';

export type TrainingRecordsTable = DB['training_records'];
export type TrainingRequirementsTable = DB['training_requirements'];
export type DelegationTasksTable = DB['delegation_tasks'];
export type DelegationEntriesTable = DB['delegation_entries'];
export type DelegationTables = Pick<DB, 'training_records' | 'training_requirements' | 'delegation_tasks' | 'delegation_entries'>;

export type TrainingRecordRow = Selectable<TrainingRecordsTable>;
export type TrainingRequirementRow = Selectable<TrainingRequirementsTable>;
export type DelegationTaskRow = Selectable<DelegationTasksTable>;
export type DelegationEntryRow = Selectable<DelegationEntriesTable>;
