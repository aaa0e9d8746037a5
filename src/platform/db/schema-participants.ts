import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DateOnly, DefaultTimestamp, Json, Timestamp, Versioned } from './column-types.js';

/** Tables of migration 0008: participants, consent, randomization, visits, deviations, feeds. */

export interface IdentitiesTable extends Versioned {
  id: Generated<string>;
  study_site_id: string;
  full_name: string;
  date_of_birth: DateOnly | null;
  phone: string | null;
  email: string | null;
}

export interface ParticipantSettingsTable extends Versioned {
  study_id: string;
  subject_number_format: Generated<string>;
}

export interface SubjectNumberCountersTable {
  study_site_id: string;
  next_seq: Generated<number>;
}

export interface PrescreenCandidatesTable extends Versioned {
  id: Generated<string>;
  study_id: string;
  study_site_id: string;
  identity_id: string | null;
  source: string;
  prescreened_on: DateOnly;
  outcome: Generated<string>;
  outcome_reason: string | null;
}

export interface ParticipantsTable extends Versioned {
  id: Generated<string>;
  study_id: string;
  study_site_id: string;
  subject_number: string;
  identity_id: string | null;
  candidate_id: string | null;
  coordinator_user_id: string | null;
  status: Generated<string>;
  consent_language: Generated<string>;
  screened_on: DateOnly;
  consented_on: DateOnly | null;
  screen_failed_on: DateOnly | null;
  screen_fail_reason: string | null;
  eligibility_confirmed_at: Timestamp | null;
  eligibility_confirmed_by_user_id: string | null;
  strata: ColumnType<Record<string, string> | null, string | null, string | null>;
  randomization_number: string | null;
  enrolled_on: DateOnly | null;
  baseline_on: DateOnly | null;
  completed_on: DateOnly | null;
  withdrawn_on: DateOnly | null;
  withdrawal_scope: string | null;
  withdrawal_reason: string | null;
  lost_on: DateOnly | null;
}

export interface ConsentsTable {
  id: Generated<string>;
  participant_id: string;
  icf_version_id: string;
  kind: string;
  consented_at: Timestamp;
  consented_on: DateOnly;
  obtained_by_person_id: string;
  recorded_by_user_id: string | null;
  created_at: DefaultTimestamp;
}

export interface ReconsentTasksTable {
  id: Generated<string>;
  participant_id: string;
  icf_version_id: string;
  due_from: DateOnly;
  status: Generated<string>;
  consent_id: string | null;
  created_at: DefaultTimestamp;
  closed_at: Timestamp | null;
}

export interface EligibilityAnswersTable {
  participant_id: string;
  criterion_id: string;
  met: boolean;
  note: string | null;
  answered_by_user_id: string | null;
  answered_at: Timestamp;
}

export interface SchemeArm {
  code: string;
  ratio: number;
}
export interface StrataFactor {
  code: string;
  label: string;
  levels: { code: string; label: string }[];
}

export interface RandomizationSchemesTable extends Versioned {
  id: Generated<string>;
  study_id: string;
  blinding: string;
  arms: Json<SchemeArm[]>;
  block_sizes: Json<number[]>;
  strata_factors: ColumnType<StrataFactor[], string | undefined, string>;
  stratify_by_site: Generated<boolean>;
  seed: string;
  seed_sha256: string;
  next_randomization_number: Generated<number>;
}

export interface RandomizationStrataTable {
  scheme_id: string;
  stratum_key: string;
  assigned: Generated<number>;
}

export interface AllocationsTable {
  participant_id: string;
  scheme_id: string;
  stratum_key: string;
  position: number;
  arm_code: string;
  allocated_at: Timestamp;
}

export interface EmergencyUnblindingsTable {
  id: Generated<string>;
  participant_id: string;
  reason: string;
  unblinded_by_user_id: string;
  unblinded_at: Timestamp;
}

export interface ParticipantVisitsTable extends Versioned {
  id: Generated<string>;
  participant_id: string;
  study_site_id: string;
  protocol_version_id: string | null;
  protocol_visit_id: string | null;
  code: string;
  name: string;
  kind: string;
  sequence: number;
  target_date: DateOnly | null;
  window_start: DateOnly | null;
  window_end: DateOnly | null;
  status: Generated<string>;
  actual_date: DateOnly | null;
  completed_at: Timestamp | null;
  completed_by_user_id: string | null;
  notes: string | null;
}

export interface VisitProcedureResultsTable {
  visit_id: string;
  code: string;
  name: string;
  done: boolean;
  not_done_reason: string | null;
}

export interface ProtocolDeviationsTable extends Versioned {
  id: Generated<string>;
  study_id: string;
  study_site_id: string;
  participant_id: string | null;
  visit_id: string | null;
  category: string;
  description: string;
  detected: string;
  source_entity_type: string | null;
  source_entity_id: string | null;
  occurred_on: DateOnly;
  status: Generated<string>;
  importance: string | null;
  assessment: string | null;
  assessed_by_user_id: string | null;
  assessed_at: Timestamp | null;
}

export interface CalendarFeedsTable {
  id: Generated<string>;
  user_id: string;
  token_sha256: string;
  created_at: DefaultTimestamp;
  revoked_at: Timestamp | null;
}

export interface UserNotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  entity_type: string | null;
  entity_id: string | null;
  created_at: DefaultTimestamp;
  read_at: Timestamp | null;
}

export interface EnrollmentDailyTable {
  study_site_id: string;
  day: DateOnly;
  study_id: string;
  prescreened: Generated<number>;
  screened: Generated<number>;
  screen_failed: Generated<number>;
  enrolled: Generated<number>;
  completed: Generated<number>;
  withdrawn: Generated<number>;
  lost: Generated<number>;
  left_after_enrollment: Generated<number>;
}

export interface ParticipantTables {
  identities: IdentitiesTable;
  participant_settings: ParticipantSettingsTable;
  subject_number_counters: SubjectNumberCountersTable;
  prescreen_candidates: PrescreenCandidatesTable;
  participants: ParticipantsTable;
  consents: ConsentsTable;
  reconsent_tasks: ReconsentTasksTable;
  eligibility_answers: EligibilityAnswersTable;
  randomization_schemes: RandomizationSchemesTable;
  randomization_strata: RandomizationStrataTable;
  allocations: AllocationsTable;
  emergency_unblindings: EmergencyUnblindingsTable;
  participant_visits: ParticipantVisitsTable;
  visit_procedure_results: VisitProcedureResultsTable;
  protocol_deviations: ProtocolDeviationsTable;
  calendar_feeds: CalendarFeedsTable;
  user_notifications: UserNotificationsTable;
  enrollment_daily: EnrollmentDailyTable;
}

export type IdentityRow = Selectable<IdentitiesTable>;
export type PrescreenCandidateRow = Selectable<PrescreenCandidatesTable>;
export type ParticipantRow = Selectable<ParticipantsTable>;
export type ConsentRow = Selectable<ConsentsTable>;
export type ReconsentTaskRow = Selectable<ReconsentTasksTable>;
export type RandomizationSchemeRow = Selectable<RandomizationSchemesTable>;
export type AllocationRow = Selectable<AllocationsTable>;
export type ParticipantVisitRow = Selectable<ParticipantVisitsTable>;
export type ProtocolDeviationRow = Selectable<ProtocolDeviationsTable>;
