import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, Timestamp, Versioned } from './column-types.js';

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
