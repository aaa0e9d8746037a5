import type { Selectable } from 'kysely';
import type { DB } from './tables.generated.js';

export type { SchemeArm, StrataFactor } from './column-types.js';

/** Tables of migration 0008: participants, consent, randomization, visits, deviations, feeds. */
export type IdentitiesTable = DB['identities'];
export type ParticipantSettingsTable = DB['participant_settings'];
export type SubjectNumberCountersTable = DB['subject_number_counters'];
export type PrescreenCandidatesTable = DB['prescreen_candidates'];
export type ParticipantsTable = DB['participants'];
export type ConsentsTable = DB['consents'];
export type ReconsentTasksTable = DB['reconsent_tasks'];
export type EligibilityAnswersTable = DB['eligibility_answers'];
export type RandomizationSchemesTable = DB['randomization_schemes'];
export type RandomizationStrataTable = DB['randomization_strata'];
export type AllocationsTable = DB['allocations'];
export type EmergencyUnblindingsTable = DB['emergency_unblindings'];
export type ParticipantVisitsTable = DB['participant_visits'];
export type VisitProcedureResultsTable = DB['visit_procedure_results'];
export type ProtocolDeviationsTable = DB['protocol_deviations'];
export type CalendarFeedsTable = DB['calendar_feeds'];
export type UserNotificationsTable = DB['user_notifications'];
export type EnrollmentDailyTable = DB['enrollment_daily'];
export type ParticipantTables = Pick<
  DB,
  | 'identities'
  | 'participant_settings'
  | 'subject_number_counters'
  | 'prescreen_candidates'
  | 'participants'
  | 'consents'
  | 'reconsent_tasks'
  | 'eligibility_answers'
  | 'randomization_schemes'
  | 'randomization_strata'
  | 'allocations'
  | 'emergency_unblindings'
  | 'participant_visits'
  | 'visit_procedure_results'
  | 'protocol_deviations'
  | 'calendar_feeds'
  | 'user_notifications'
  | 'enrollment_daily'
>;

export type IdentityRow = Selectable<IdentitiesTable>;
export type PrescreenCandidateRow = Selectable<PrescreenCandidatesTable>;
export type ParticipantRow = Selectable<ParticipantsTable>;
export type ConsentRow = Selectable<ConsentsTable>;
export type ReconsentTaskRow = Selectable<ReconsentTasksTable>;
export type RandomizationSchemeRow = Selectable<RandomizationSchemesTable>;
export type AllocationRow = Selectable<AllocationsTable>;
export type ParticipantVisitRow = Selectable<ParticipantVisitsTable>;
export type ProtocolDeviationRow = Selectable<ProtocolDeviationsTable>;
