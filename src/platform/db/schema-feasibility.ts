import type { ColumnType, Generated, Selectable } from 'kysely';

/** Tables of migration 0005: feasibility questionnaires, invitations and the sites' responses. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as parsed JSON, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

interface Versioned {
  version: Generated<number>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface FeasibilityQuestionnairesTable extends Versioned {
  id: Generated<string>;
  study_id: string;
  title: string;
  revision: Generated<number>;
  supersedes_id: string | null;
  status: Generated<string>;
  sent_at: Timestamp | null;
  questions: Json<unknown>;
}

export interface FeasibilityInvitationsTable extends Versioned {
  id: Generated<string>;
  questionnaire_id: string;
  study_site_id: string;
  sent_by: string | null;
  decision: string | null;
  decision_reason: string | null;
  decided_at: Timestamp | null;
  decided_by: string | null;
}

export interface FeasibilityResponsesTable extends Versioned {
  id: Generated<string>;
  invitation_id: string;
  answers: ColumnType<unknown, string | undefined, string>;
  status: Generated<string>;
  submitted_at: Timestamp | null;
  submitted_by: string | null;
}

export interface FeasibilityTables {
  feasibility_questionnaires: FeasibilityQuestionnairesTable;
  feasibility_invitations: FeasibilityInvitationsTable;
  feasibility_responses: FeasibilityResponsesTable;
}

export type QuestionnaireRow = Selectable<FeasibilityQuestionnairesTable>;
export type InvitationRow = Selectable<FeasibilityInvitationsTable>;
export type ResponseRow = Selectable<FeasibilityResponsesTable>;
