import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DateOnly, DefaultTimestamp, Timestamp, Versioned } from './column-types.js';

/** A jsonb array of codes: read back parsed, written as JSON text. */
type CodeList = ColumnType<string[], string, string>;

export interface TrainingRecordsTable extends Versioned {
  id: Generated<string>;
  person_id: string;
  title: string;
  kind: string;
  study_id: string | null;
  protocol_version: string | null;
  completed_on: DateOnly;
  expires_on: DateOnly | null;
  document_id: string | null;
  deleted_at: Timestamp | null;
}

export interface TrainingRequirementsTable {
  id: Generated<string>;
  study_id: string;
  role: string;
  kind: string;
  protocol_version: string | null;
  title: string | null;
  created_at: DefaultTimestamp;
}

export interface DelegationTasksTable extends Versioned {
  id: Generated<string>;
  study_id: string;
  code: string;
  label: string;
  requires_licence: Generated<boolean>;
  required_training: ColumnType<string[], string | undefined, string>;
}

export interface DelegationEntriesTable extends Versioned {
  id: Generated<string>;
  study_site_id: string;
  person_id: string;
  tasks: CodeList;
  start_date: DateOnly;
  end_date: DateOnly | null;
}

export interface DelegationTables {
  training_records: TrainingRecordsTable;
  training_requirements: TrainingRequirementsTable;
  delegation_tasks: DelegationTasksTable;
  delegation_entries: DelegationEntriesTable;
}

export type TrainingRecordRow = Selectable<TrainingRecordsTable>;
export type TrainingRequirementRow = Selectable<TrainingRequirementsTable>;
export type DelegationTaskRow = Selectable<DelegationTasksTable>;
export type DelegationEntryRow = Selectable<DelegationEntriesTable>;
